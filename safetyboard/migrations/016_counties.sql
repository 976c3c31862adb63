-- 016: the city's county-level units (data/pingdingshan/counties.csv), a reference table rebuilt on every start
-- like units: a city instance groups its figures by 区县, a district instance knows its neighbours' names.
CREATE TABLE IF NOT EXISTS counties (
    code VARCHAR PRIMARY KEY,     -- 6 digits
    name VARCHAR NOT NULL,
    kind VARCHAR,
    lon DOUBLE,
    lat DOUBLE,
    sort_order INTEGER NOT NULL
);
