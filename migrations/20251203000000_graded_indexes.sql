-- Grades are sparse: most status records and citations carry no confidence or
-- credibility. Index only the rows that have one. A question about a grade
-- (`confidence = 1`, `credibility <= 2`) and SQLite's foreign-key check when a grade is
-- deleted both imply NOT NULL, so they use these partial indexes; a fraction of the
-- size of the full ones, and far cheaper to keep up as records arrive.

DROP INDEX status_record_confidence;
CREATE INDEX status_record_confidence ON status_record (confidence) WHERE confidence IS NOT NULL;

DROP INDEX citation_credibility;
CREATE INDEX citation_credibility ON citation (credibility) WHERE credibility IS NOT NULL;
