-- `export`: the citations of every claim of the rounds numbered $2 to $3 of process
-- $1 (the round's own, its statuses in force, positions, commitments, quotes and
-- notes), in citation order, as src/storage/export.rs reads them.
SELECT c.round_id, c.status_record_id, c.position_id, c.commitment_id, c.quote_id,
       c.round_note_id, s.slug, c.credibility
FROM (SELECT c.* FROM round_order o JOIN citation c ON c.round_id = o.round_id
      WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
      UNION ALL
      SELECT c.* FROM round_order o JOIN status_record sr ON sr.round_id = o.round_id
      JOIN status_in_force f ON f.agenda_item_id = sr.agenda_item_id AND f.round_date_key = o.date_key
                            AND f.round_id = sr.round_id AND f.status_record_id = sr.status_record_id
      JOIN citation c ON c.status_record_id = sr.status_record_id
      WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
      UNION ALL
      SELECT c.* FROM round_order o JOIN position p ON p.round_id = o.round_id
      JOIN citation c ON c.position_id = p.position_id
      WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
      UNION ALL
      SELECT c.* FROM round_order o JOIN commitment m ON m.round_id = o.round_id
      JOIN citation c ON c.commitment_id = m.commitment_id
      WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
      UNION ALL
      SELECT c.* FROM round_order o JOIN quote q ON q.round_id = o.round_id
      JOIN citation c ON c.quote_id = q.quote_id
      WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3
      UNION ALL
      SELECT c.* FROM round_order o JOIN round_note n ON n.round_id = o.round_id
      JOIN citation c ON c.round_note_id = n.round_note_id
      WHERE o.process_id = $1 AND o.number BETWEEN $2 AND $3) c
JOIN source s ON s.source_id = c.source_id
ORDER BY c.citation_id
