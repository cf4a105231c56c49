-- The access role of an outside contractor (代运营) was called 'operator',
-- the same word as the job 运营 held in a unit. It is 'third_party' now.
UPDATE users SET role = 'third_party' WHERE role = 'operator';
