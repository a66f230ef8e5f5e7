-- Word .docx files through parse(bytea) (issue 14): the same C symbol reads
-- them; only the function's comment changes.
COMMENT ON FUNCTION govreport.parse(bytea) IS
    'parse an annual report given as the bytes of its file (an HTML page, text or pdftotext output, in any encoding a Chinese government site uses, or a Word .docx); undecodable bytes are an error naming the byte offset';
