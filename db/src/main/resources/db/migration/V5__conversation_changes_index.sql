-- After a node was cut off from the bus it asks what changed in its departments' conversations meanwhile.
CREATE INDEX conversations_department_updated ON conversations (department_id, updated_at);
