-- Prompt tokens written to the provider's prompt cache (Anthropic's cache_creation_input_tokens,
-- Bedrock's cacheWriteInputTokens), billed above the input price. Like cached_tokens they are part
-- of prompt_tokens. Plain ADD COLUMN with a constant default and an inline CHECK: the one form
-- SQLite and PostgreSQL both accept; rows written before read as 0 writes.

ALTER TABLE ledger
  ADD COLUMN cache_write_tokens BIGINT NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0);
