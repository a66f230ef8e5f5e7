-- What 0.2.0 adds, used on rows stored under 0.1.0.  Each row must be 't'.
SELECT govreport.library_version() = (SELECT extversion FROM pg_extension WHERE extname = 'govreport');
