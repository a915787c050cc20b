-- `person list`: every person with their party, aliases (in the order added) and how
-- many rounds they led a delegation at, spoke at or were named at.
SELECT p.slug AS person, p.name, pa.slug AS party, p.role,
       (SELECT string_agg(a.alias, ', ' ORDER BY a.person_alias_id) FROM person_alias a
        WHERE a.person_id = p.person_id) AS aliases,
       (SELECT count(*) FROM (
            SELECT round_id FROM round_party WHERE lead_person_id = p.person_id
            UNION SELECT round_id FROM quote WHERE speaker_person_id = p.person_id
            UNION SELECT n.round_id FROM round_note_person np
                  JOIN round_note n ON n.round_note_id = np.round_note_id
                  WHERE np.person_id = p.person_id) rounds)::bigint AS "rounds!"
FROM person p JOIN party pa ON pa.party_id = p.party_id
ORDER BY p.person_id
