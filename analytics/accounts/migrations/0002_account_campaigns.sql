-- Which campaigns an account may see: NULL is all of them, else a JSON array of campaign ids.
ALTER TABLE accounts ADD COLUMN IF NOT EXISTS campaign_ids JSON NULL AFTER role;
