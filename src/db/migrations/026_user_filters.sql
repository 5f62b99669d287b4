-- Saved filters (bộ lọc đã lưu), issue 12 item 18: a user keeps the filter of a list (the
-- list page's query string, without its page number) under a name, and sees those names as
-- links above the list. Per user; filters/ owns the table.
CREATE TABLE user_filters (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    list TEXT NOT NULL CHECK (list IN ('incoming', 'outgoing')),
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, list, name)
);
