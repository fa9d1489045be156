-- The inbox forgets applied events past kindling.inbox.retention (InboxPruner). processed_at grows with insertion
-- order, so a BRIN index finds the old rows at almost no cost to the consumers' inserts, where a B-tree would add
-- a second index to the hottest insert of every service.
CREATE INDEX processed_event_processed_at ON processed_event USING brin (processed_at);
