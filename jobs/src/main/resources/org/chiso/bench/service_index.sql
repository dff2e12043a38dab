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
CREATE TABLE d AS SELECT * FROM read_parquet('${folder}/dossiers/*.parquet');
-- each dossier in the periods of its receipt date, with the period's evaluation time (23:59:59 of its last day)
CREATE TABLE dp AS
WITH base AS (SELECT dossier_id, CAST(received AS DATE) AS rd FROM d),
p AS (
    SELECT dossier_id, 'week' AS period_type,
           CAST(isoyear(rd) AS VARCHAR) || '-W' || lpad(CAST(week(rd) AS VARCHAR), 2, '0') AS period,
           CAST(date_trunc('week', rd) AS DATE) + 6 AS last_day
    FROM base
    UNION ALL
    SELECT dossier_id, 'month', strftime(rd, '%Y-%m'), last_day(rd) FROM base
    UNION ALL
    SELECT dossier_id, 'quarter', CAST(year(rd) AS VARCHAR) || '-Q' || CAST(quarter(rd) AS VARCHAR),
           CAST(date_trunc('quarter', rd) + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE)
    FROM base
    UNION ALL
    SELECT dossier_id, 'year', CAST(year(rd) AS VARCHAR), make_date(year(rd), 12, 31) FROM base
    UNION ALL
    SELECT dossier_id, 'as_of', '${as_of}', DATE '${as_of}' FROM base
    WHERE rd <= DATE '${as_of}' AND year(rd) = year(DATE '${as_of}')
)
SELECT dossier_id, period_type, period, CAST(last_day AS TIMESTAMP) + INTERVAL 86399 SECOND AS eval FROM p;
-- supplement requests, one row each; an empty supplied part is an unanswered request
CREATE TABLE supp AS
SELECT dossier_id, CAST(split_part(x, '/', 1) AS TIMESTAMP) AS req, CAST(NULLIF(split_part(x, '/', 2), '') AS TIMESTAMP) AS sup
FROM (SELECT dossier_id, unnest(string_split(supplements, ';')) AS x FROM d WHERE supplements IS NOT NULL AND supplements <> '');
-- requests made by the evaluation time and the time waited for them (an unanswered one up to the evaluation time)
CREATE TABLE waits AS
SELECT dp.dossier_id, dp.period_type, dp.period,
       count(*) FILTER (WHERE s.req <= dp.eval) AS nreq,
       coalesce(sum(epoch_ms(least(coalesce(s.sup, dp.eval), dp.eval)) - epoch_ms(s.req)) FILTER (WHERE s.req <= dp.eval), 0) AS wait_ms
FROM dp JOIN supp s USING (dossier_id)
GROUP BY dp.dossier_id, dp.period_type, dp.period;
CREATE TABLE f AS
SELECT dp.period_type, dp.period, dp.eval, d.*, p.online_offered, p.fee, p.paper,
       coalesce(w.nreq, 0) AS nreq, coalesce(w.wait_ms, 0) AS wait_ms,
       NULLIF(least(coalesce(d.processing_ended, TIMESTAMP '9999-12-31'), coalesce(d.returned, TIMESTAMP '9999-12-31'),
                    coalesce(d.refused, TIMESTAMP '9999-12-31')), TIMESTAMP '9999-12-31') AS end_t
FROM dp JOIN d USING (dossier_id) JOIN procs p USING (procedure_code)
LEFT JOIN waits w USING (dossier_id, period_type, period);
ALTER TABLE f ADD COLUMN on_time BOOLEAN;
UPDATE f SET on_time = nreq <= 1 AND CASE WHEN end_t IS NOT NULL AND end_t <= eval
                                       THEN epoch_ms(end_t) <= epoch_ms(promised) + wait_ms
                                       ELSE epoch_ms(eval) <= epoch_ms(promised) + wait_ms END;
-- dossier counters per unit and period, each department and commune also counted in its province
CREATE TABLE c AS
WITH x AS (SELECT f.*, u.province_key FROM f JOIN units u USING (unit_key)),
y AS (SELECT unit_key AS k, * FROM x UNION ALL SELECT province_key AS k, * FROM x)
SELECT k AS unit_key, period_type, period,
       count(*) AS n,
       count(*) FILTER (WHERE synced) AS synced,
       count(*) FILTER (WHERE on_time) AS on_time,
       count(*) FILTER (WHERE online_offered) AS oo,
       count(*) FILTER (WHERE online_offered AND channel = 'online') AS onl,
       count(*) FILTER (WHERE fee) AS fee,
       count(*) FILTER (WHERE fee AND fee_paid_online) AS paid,
       count(*) FILTER (WHERE complaint AND (complaint_handled <= eval OR complaint_due <= eval)) AS cdue,
       count(*) FILTER (WHERE complaint AND complaint_handled <= eval AND complaint_handled <= complaint_due) AS contime,
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
FROM y GROUP BY k, period_type, period;
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
-- offered procedures that had an online dossier, or a dossier paid online, in the period
CREATE TABLE used AS
WITH z AS (SELECT unit_key, procedure_code, period_type, period,
                  bool_or(channel = 'online' AND online_offered) AS o,
                  bool_or(coalesce(fee AND fee_paid_online, false)) AS pd
           FROM f GROUP BY unit_key, procedure_code, period_type, period),
w AS (SELECT z.*, u.province_key, p.online_offered, p.fee
      FROM z JOIN up USING (unit_key, procedure_code) JOIN units u USING (unit_key) JOIN procs p USING (procedure_code)),
y AS (SELECT unit_key AS k, * FROM w UNION ALL SELECT province_key AS k, * FROM w)
SELECT k AS unit_key, period_type, period, count(*) FILTER (WHERE o AND online_offered) AS uo,
       count(*) FILTER (WHERE pd AND fee) AS upd
FROM y GROUP BY k, period_type, period;
CREATE TABLE nd AS
SELECT c.*, coalesce(upc.upn, 0) AS upn, coalesce(upc.pub, 0) AS pub, coalesce(upc.natdb, 0) AS natdb,
       coalesce(upc.parts, 0) AS parts, coalesce(upc.uonl, 0) AS uonl, coalesce(upc.ufee, 0) AS ufee,
       coalesce(upc.uint, 0) AS uint, coalesce(upc.upop, 0) AS upop, coalesce(used.uo, 0) AS uo,
       coalesce(used.upd, 0) AS upd
FROM c LEFT JOIN upc USING (unit_key) LEFT JOIN used USING (unit_key, period_type, period);
CREATE TABLE rates AS
SELECT unit_key, period_type, period, indicator,
       CASE indicator
           WHEN 'dossier_satisfaction' THEN greatest(0.0, 1.0 - CAST(n - on_time AS DOUBLE) / n - CAST(cod AS DOUBLE) / n)
           ELSE CAST(num AS DOUBLE) / NULLIF(den, 0) END AS rate
FROM (
    SELECT nd.unit_key, nd.period_type, nd.period, nd.n, nd.on_time, nd.cod, i.indicator,
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
CREATE TABLE indicator_points AS
SELECT s.version, s.grp, r.unit_key, r.period_type, r.period, r.indicator, r.rate,
       CASE WHEN r.rate IS NULL THEN s.mx ELSE s.mx * least(1.0, r.rate / s.fa) END AS points
FROM rates r JOIN scheme s USING (indicator);
CREATE TABLE group_points AS
SELECT version, unit_key, period_type, period, grp, sum(points) AS points FROM indicator_points
GROUP BY version, unit_key, period_type, period, grp
UNION ALL
SELECT version, unit_key, period_type, period, 'TOTAL', sum(points) FROM indicator_points
GROUP BY version, unit_key, period_type, period;
