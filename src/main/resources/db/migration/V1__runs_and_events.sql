-- One row per run; outcome stays null while the run is open.
CREATE TABLE runs (
    id             VARCHAR(64)   PRIMARY KEY,
    harness_name   VARCHAR(200)  NOT NULL,
    harness_digest VARCHAR(64)   NOT NULL,
    model          VARCHAR(500)  NOT NULL,
    started_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    ended_at       TIMESTAMP(3) WITH TIME ZONE,
    outcome        VARCHAR(20),
    reason         VARCHAR(2000),
    rule           VARCHAR(200),
    steps          INT           NOT NULL DEFAULT 0
);

CREATE INDEX runs_by_start ON runs (started_at DESC);

-- One row per event; the columns are what the timeline filters on, the payload is the whole event.
CREATE TABLE events (
    run_id         VARCHAR(64)   NOT NULL,
    seq            BIGINT        NOT NULL,
    at             TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    step           INT           NOT NULL,
    kind           VARCHAR(40)   NOT NULL,
    agent          VARCHAR(200),
    node           VARCHAR(200),
    tokens_in      INT,
    tokens_out     INT,
    context_tokens INT,
    tool           VARCHAR(200),
    effect         VARCHAR(20),
    rule           VARCHAR(200),
    payload        CHARACTER VARYING NOT NULL,
    PRIMARY KEY (run_id, seq),
    FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE
);

CREATE INDEX events_by_kind ON events (run_id, kind, seq);
