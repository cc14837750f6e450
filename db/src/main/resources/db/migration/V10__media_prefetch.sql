-- A guest's WhatsApp file is fetched before its webhook is processed, outside any transaction; the processing finds it
-- by WhatsApp's media id. Two nodes fetching the same file: the second row is refused, its bytes removed.
ALTER TABLE media ADD COLUMN whatsapp_media_id VARCHAR(128);
CREATE UNIQUE INDEX media_whatsapp_media_id ON media (whatsapp_media_id) WHERE whatsapp_media_id IS NOT NULL;
