-- The service index of docs/DOSSIERS.md, section 4, written independently in SQL for DuckDB: ServiceIndexDuckDbTest runs it
-- against the engine (1e-9 on every indicator, group and total), and bench service-index times it (ServiceIndexDuckDb).
-- ${folder}: the dossier folder; ${scheme}: data/definitions/service_index; ${as_of}: the as-of date.
CREATE TABLE units AS SELECT * FROM read_csv('${folder}/units.csv', header = true, all_varchar = true);
CREATE TABLE procs AS
SELECT procedure_code,
       online_level IN ('full', 'partial') AS online_offered,
       fee_bearing = 'true' AS fee,
       payment_integrated = 'true' AS integrated,
       paper_result_required = 'true' AS paper,
       population_db_connected = 'true' AS popdb
FROM read_csv('${folder}/procedures.csv', header = true, all_varchar = true);
CREATE TABLE up AS
SELECT unit_key, procedure_code, published_on_time = 'true' AS pub, national_db_on_time = 'true' AS natdb,
       complete_parts = 'true' AS parts
FROM read_csv('${folder}/unit_procedures.csv', header = true, all_varchar = true);
CREATE TABLE scheme AS
SELECT version, "group" AS grp, indicator, CAST(max_points AS DOUBLE) AS mx, CAST(full_at AS DOUBLE) AS fa
FROM read_csv('${scheme}/indicators.csv', header = true, all_varchar = true);
-- the dossiers are read where they are used: the statements below stream them into their aggregations, so memory
-- holds the groups, not the dossiers (100 million dossiers in five periods each would not fit)
CREATE VIEW d AS SELECT * FROM read_parquet('${folder}/dossiers/*.parquet');
-- each dossier in the periods of its receipt date, a period known by its type and last day (its label is written
-- after the aggregation), with the evaluation time (23:59:59 of the last day)
CREATE VIEW dp AS
WITH base AS (SELECT *, CAST(received AS DATE) AS rd FROM d),
p AS (
    SELECT *, 'week' AS period_type, CAST(date_trunc('week', rd) AS DATE) + 6 AS last_day FROM base
    UNION ALL
    SELECT *, 'month', last_day(rd) FROM base
    UNION ALL
    SELECT *, 'quarter', CAST(date_trunc('quarter', rd) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) FROM base
    UNION ALL
    SELECT *, 'year', make_date(year(rd), 12, 31) FROM base
    UNION ALL
    SELECT *, 'as_of', DATE '${as_of}' FROM base WHERE rd <= DATE '${as_of}' AND year(rd) = year(DATE '${as_of}')
)
SELECT *, CAST(last_day AS TIMESTAMP) + INTERVAL 86399 SECOND AS eval FROM p;
-- dossier counters per unit and period. Supplement requests are requested/supplied pairs separated by ';' (an empty
-- supplied part is an unanswered request); those made by the evaluation time count, and the time waited for them (an
-- unanswered one up to the evaluation time) extends the promised date
CREATE TABLE cu_days AS
WITH f AS (
    SELECT dp.*, p.online_offered, p.fee, p.paper,
           CASE WHEN supplements IS NULL OR supplements = '' THEN NULL
                ELSE list_filter(
                    list_transform(string_split(supplements, ';'),
                                   x -> {'req': CAST(split_part(x, '/', 1) AS TIMESTAMP),
                                         'sup': CAST(NULLIF(split_part(x, '/', 2), '') AS TIMESTAMP)}),
                    s -> s.req <= eval) END AS made,
           NULLIF(least(coalesce(processing_ended, TIMESTAMP '9999-12-31'), coalesce(returned, TIMESTAMP '9999-12-31'),
                        coalesce(refused, TIMESTAMP '9999-12-31')), TIMESTAMP '9999-12-31') AS end_t
    FROM dp JOIN procs p USING (procedure_code)
),
g AS (
    SELECT *, coalesce(len(made), 0) AS nreq,
           coalesce(list_sum(list_transform(made, s -> epoch_ms(least(coalesce(s.sup, eval), eval)) - epoch_ms(s.req))), 0)
               AS wait_ms
    FROM f
),
h AS (
    SELECT *, nreq <= 1 AND CASE WHEN end_t IS NOT NULL AND end_t <= eval
                                 THEN epoch_ms(end_t) <= epoch_ms(promised) + wait_ms
                                 ELSE epoch_ms(eval) <= epoch_ms(promised) + wait_ms END AS on_time
    FROM g
),
k AS (
    SELECT unit_key, period_type, last_day,
           count(*) AS n,
           count(*) FILTER (WHERE synced) AS synced,
           count(*) FILTER (WHERE on_time) AS on_time,
           count(*) FILTER (WHERE online_offered) AS oo,
           count(*) FILTER (WHERE online_offered AND channel = 'online') AS onl,
           count(*) FILTER (WHERE fee) AS fee,
           count(*) FILTER (WHERE fee AND fee_paid_online) AS paid,
           count(*) FILTER (WHERE complaint AND (complaint_handled <= eval OR complaint_due <= eval)) AS cdue,
           count(*) FILTER (WHERE complaint AND complaint_handled <= eval AND complaint_handled <= complaint_due)
               AS contime,
           count(*) FILTER (WHERE complaint AND complaint_handled <= eval) AS chandled,
           count(*) FILTER (WHERE complaint AND complaint_handled <= eval AND complaint_satisfied) AS csat,
           count(*) FILTER (WHERE complaint OR rating = 'dislike') AS cod,
           count(*) FILTER (WHERE NOT paper AND end_t <= eval) AS ended,
           count(*) FILTER (WHERE NOT paper AND end_t <= eval AND result_electronic) AS ended_el,
           count(*) FILTER (WHERE digitised) AS dig,
           count(*) FILTER (WHERE certified_copy) AS cc,
           count(*) FILTER (WHERE certified_copy AND certified_copy_electronic) AS cce,
           count(*) FILTER (WHERE reused_data) AS reused,
           count(*) FILTER (WHERE data_store) AS ds,
           count(*) FILTER (WHERE population_db) AS pdb
    FROM h GROUP BY unit_key, period_type, last_day
)
SELECT * FROM k;
-- the periods' labels
CREATE TABLE labels AS
SELECT period_type, last_day,
       CASE period_type
           WHEN 'week' THEN CAST(isoyear(last_day) AS VARCHAR) || '-W' || lpad(CAST(week(last_day) AS VARCHAR), 2, '0')
           WHEN 'month' THEN strftime(last_day, '%Y-%m')
           WHEN 'quarter' THEN CAST(year(last_day) AS VARCHAR) || '-Q' || CAST(quarter(last_day) AS VARCHAR)
           WHEN 'year' THEN CAST(year(last_day) AS VARCHAR)
           ELSE '${as_of}' END AS period
FROM (SELECT DISTINCT period_type, last_day FROM cu_days);
CREATE TABLE cu AS
SELECT unit_key, period_type, period, cu_days.* EXCLUDE (unit_key, period_type, last_day)
FROM cu_days JOIN labels USING (period_type, last_day);
-- each department and commune also counted in its province
CREATE TABLE c AS
SELECT * FROM cu
UNION ALL
SELECT u.province_key AS unit_key, period_type, period, sum(n) AS n, sum(synced) AS synced, sum(on_time) AS on_time,
       sum(oo) AS oo, sum(onl) AS onl, sum(fee) AS fee, sum(paid) AS paid, sum(cdue) AS cdue, sum(contime) AS contime,
       sum(chandled) AS chandled, sum(csat) AS csat, sum(cod) AS cod, sum(ended) AS ended, sum(ended_el) AS ended_el,
       sum(dig) AS dig, sum(cc) AS cc, sum(cce) AS cce, sum(reused) AS reused, sum(ds) AS ds, sum(pdb) AS pdb
FROM cu JOIN units u USING (unit_key)
GROUP BY u.province_key, period_type, period;
-- unit procedures per unit, a province over all of its departments' and communes'
CREATE TABLE upc AS
WITH x AS (SELECT up.*, u.province_key, p.online_offered, p.fee, p.integrated, p.popdb
           FROM up JOIN units u USING (unit_key) JOIN procs p USING (procedure_code)),
y AS (SELECT unit_key AS k, * FROM x UNION ALL SELECT province_key AS k, * FROM x)
SELECT k AS unit_key, count(*) AS upn, count(*) FILTER (WHERE pub) AS pub, count(*) FILTER (WHERE natdb) AS natdb,
       count(*) FILTER (WHERE parts) AS parts, count(*) FILTER (WHERE online_offered) AS uonl,
       count(*) FILTER (WHERE fee) AS ufee, count(*) FILTER (WHERE fee AND integrated) AS uint,
       count(*) FILTER (WHERE popdb) AS upop
FROM y GROUP BY k;
-- offered procedures that had an online dossier, or a dossier paid online, in the period; a province over all of its
-- departments and communes
CREATE TABLE usedu AS
WITH z AS (SELECT unit_key, procedure_code, period_type, last_day,
                  bool_or(channel = 'online') AS o, bool_or(coalesce(fee_paid_online, false)) AS pd
           FROM dp WHERE channel = 'online' OR fee_paid_online
           GROUP BY unit_key, procedure_code, period_type, last_day)
SELECT z.unit_key, period_type, l.period,
       count(*) FILTER (WHERE o AND p.online_offered) AS uo, count(*) FILTER (WHERE pd AND p.fee) AS upd
FROM z JOIN up USING (unit_key, procedure_code) JOIN procs p USING (procedure_code)
JOIN labels l USING (period_type, last_day)
GROUP BY z.unit_key, period_type, l.period;
CREATE TABLE used AS
SELECT * FROM usedu
UNION ALL
SELECT u.province_key AS unit_key, period_type, period, sum(uo) AS uo, sum(upd) AS upd
FROM usedu JOIN units u USING (unit_key)
GROUP BY u.province_key, period_type, period;
-- a cell is a unit in a period: numbered, so that the 21 indicators x versions of a cell carry a number, not its labels
CREATE TABLE nd AS
SELECT row_number() OVER () AS cell, c.*, coalesce(upc.upn, 0) AS upn, coalesce(upc.pub, 0) AS pub, coalesce(upc.natdb, 0) AS natdb,
       coalesce(upc.parts, 0) AS parts, coalesce(upc.uonl, 0) AS uonl, coalesce(upc.ufee, 0) AS ufee,
       coalesce(upc.uint, 0) AS uint, coalesce(upc.upop, 0) AS upop, coalesce(used.uo, 0) AS uo,
       coalesce(used.upd, 0) AS upd
FROM c LEFT JOIN upc USING (unit_key) LEFT JOIN used USING (unit_key, period_type, period);
CREATE TABLE rates AS
SELECT cell, indicator,
       CASE indicator
           WHEN 'dossier_satisfaction' THEN greatest(0.0, 1.0 - CAST(n - on_time AS DOUBLE) / n - CAST(cod AS DOUBLE) / n)
           ELSE CAST(num AS DOUBLE) / NULLIF(den, 0) END AS rate
FROM (
    SELECT nd.cell, nd.n, nd.on_time, nd.cod, i.indicator,
           CASE i.indicator
               WHEN 'published_on_time' THEN pub WHEN 'national_db_on_time' THEN natdb WHEN 'complete_parts' THEN parts
               WHEN 'synced' THEN synced WHEN 'on_time' THEN on_time WHEN 'procedures_online' THEN uonl
               WHEN 'online_services_used' THEN uo WHEN 'dossiers_online' THEN onl WHEN 'paid_online' THEN paid
               WHEN 'payment_integrated' THEN uint WHEN 'payment_used' THEN upd WHEN 'complaints_on_time' THEN contime
               WHEN 'complaints_satisfied' THEN csat WHEN 'result_electronic' THEN ended_el WHEN 'digitised' THEN dig
               WHEN 'certified_copy_electronic' THEN cce WHEN 'reused_data' THEN reused WHEN 'data_store' THEN ds
               WHEN 'population_db' THEN pdb WHEN 'procedures_population_db' THEN upop END AS num,
           CASE i.indicator
               WHEN 'published_on_time' THEN upn WHEN 'national_db_on_time' THEN upn WHEN 'complete_parts' THEN upn
               WHEN 'synced' THEN n WHEN 'on_time' THEN n WHEN 'procedures_online' THEN upn
               WHEN 'online_services_used' THEN uonl WHEN 'dossiers_online' THEN oo WHEN 'paid_online' THEN fee
               WHEN 'payment_integrated' THEN ufee WHEN 'payment_used' THEN ufee WHEN 'complaints_on_time' THEN cdue
               WHEN 'complaints_satisfied' THEN chandled WHEN 'result_electronic' THEN ended WHEN 'digitised' THEN n
               WHEN 'certified_copy_electronic' THEN cc WHEN 'reused_data' THEN n WHEN 'data_store' THEN n
               WHEN 'population_db' THEN n WHEN 'procedures_population_db' THEN upn END AS den
    FROM nd CROSS JOIN (SELECT DISTINCT indicator FROM scheme) i
);
CREATE VIEW cell_points AS
SELECT s.version, s.grp, r.cell, r.indicator, r.rate,
       CASE WHEN r.rate IS NULL THEN s.mx ELSE s.mx * least(1.0, r.rate / s.fa) END AS points
FROM rates r JOIN scheme s USING (indicator);
CREATE VIEW indicator_points AS
SELECT p.version, p.grp, nd.unit_key, nd.period_type, nd.period, p.indicator, p.rate, p.points
FROM cell_points p JOIN nd USING (cell);
CREATE TABLE group_points AS
WITH g AS (
    SELECT version, cell, coalesce(grp, 'TOTAL') AS grp, sum(points) AS points FROM cell_points
    GROUP BY GROUPING SETS ((version, cell, grp), (version, cell))
)
SELECT g.version, nd.unit_key, nd.period_type, nd.period, g.grp, g.points FROM g JOIN nd USING (cell);
