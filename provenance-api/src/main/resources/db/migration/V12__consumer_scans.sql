-- Anonymous consumer scans (issue 8, anti-counterfeit): when and roughly where a serialised item's
-- code was scanned, nothing about who. Coordinates are rounded to 0.1° (about 11 km) before they
-- are stored, so a scan locates a town, not a home. Two scans of one serial in places and times no
-- parcel can travel between say the code was copied.
CREATE TABLE consumer_scan (
    id          bigserial    PRIMARY KEY,
    identifier  text         NOT NULL CHECK (identifier LIKE 'https://id.gs1.org/01/%/21/%'),
    scanned_at  timestamptz  NOT NULL,
    latitude    numeric(4, 1) NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude   numeric(4, 1) NOT NULL CHECK (longitude BETWEEN -180 AND 180)
);

CREATE INDEX consumer_scan_identifier ON consumer_scan (identifier, scanned_at);
