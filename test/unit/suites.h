/* One line per test suite; each is a function defined in a test_*.c file. */
UNIT_SUITE(suite_value)
UNIT_SUITE(suite_serial)
UNIT_SUITE(suite_place)
UNIT_SUITE(suite_parse)
UNIT_SUITE(suite_bbox)
UNIT_SUITE(suite_decode)
UNIT_SUITE(suite_html)
UNIT_SUITE(suite_labels)
