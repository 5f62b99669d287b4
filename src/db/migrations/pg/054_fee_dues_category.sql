-- PostgreSQL twin of src/db/migrations/054_fee_dues_category.sql: the same tables, columns,
-- keys and indexes (the comments below are that file's). What differs, and why:
-- - nothing: the statements are the SQLite text.

-- partyfees: each member's fee category as the month closed (the report went up). The book of a
-- closed month counts its members abroad (NUOC_NGOAI) as the report stored them
-- (fee_reports.abroad_members), not by the category the member has today: a member who went
-- abroad after the report keeps being counted at home in that month. NULL for months closed
-- before this column (the member's category is read, as before) and for open months.
ALTER TABLE fee_dues ADD COLUMN fee_category text;
