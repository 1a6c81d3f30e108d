-- Searching as people type: "liege" finds "Liège". A fold of case and the accents of French, Dutch and German
-- (no extension needed: translate() over a fixed table), immutable so that an index could use it.
CREATE FUNCTION koprogo_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(lower(value),
                     'àáâãäåāăąçćčďèéêëēĕėęěìíîïīĭįıñńňòóôõöøōŏőùúûüūŭůűųýÿžźżšśłßœæ',
                     'aaaaaaaaacccdeeeeeeeeeiiiiiiiinnnooooooooouuuuuuuuuyyzzzsslsoa')
$$;
