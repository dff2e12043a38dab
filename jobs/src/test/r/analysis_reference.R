# run: {data}/papi/papi_2011_2024_subdimensions_long.csv {out}
# expected: jobs/src/test/resources/analysis
# analysis_reference.R -- reference values for org.chiso.analysis.stats (Correlation, MultipleTesting,
# Ols, FixedEffects, Trend, Convergence, RankMobility), computed on the REAL PAPI province panel.
#
# What it computes (input: papi_2011_2024_subdimensions_long.csv; 63 provinces x 2011-2024; 8 dimensions
# D1..D8 from 2018; NA = missing; rows ordered by papi_pid, year)
#   cor_*     stats::cor.test with R's DEFAULT exact=NULL unless the case says otherwise:
#             cor_2023                  all 28 pairs of D1..D8 in 2023 (n ~ 60: Spearman p by AS 89
#                                       Edgeworth series, Kendall p by the normal approximation)
#             cor_2023_first20          the first 20 provinces (by papi_pid) of 2023: Kendall exact (n < 50)
#             cor_2023_first9           the first 9 provinces: Spearman exact enumeration (AS 89, n <= 9)
#             cor_2023_first20_asymptotic  as first20 with exact = FALSE (Spearman t, Kendall normal)
#             cor_2023_floor10          floor(10*D + 1e-6) (ties!): Spearman t approximation, Kendall
#                                       normal approximation with tie-corrected Var(S)
#             cor_2023_floor10_first20  the same on the first 20 provinces (exact requested, ties => normal)
#             cor_2023v2024             each of total, D1..D8: 2023 vs 2024 per province, pairwise complete
#             statistics: n, estimate, statistic (t | S | T or z), df (pearson), p, ci_low/ci_high (pearson,
#             Fisher z, 95%), kendall_exact (1 when R used the exact T statistic)
#   bh_2023   p.adjust(method = "BH") over the 84 p-values of cor_2023 (28 pairs x 3 methods)
#   lm_trend  per province: summary(lm(papi_total_computed ~ year)) over 2018-2024 (complete years):
#             coefficients, se, t, p, confint (95%), r.squared, residual df, n
#   lm_pooled / lm_pooled_hc1  pooled 2018-2024 lm(total ~ year + D1) on the rows complete on total, D1
#             and D4 (the same rows as the FE dimension models): classical; HC1 = n/(n-k) sandwich
#             with t on n-k df (sandwich::vcovHC(type="HC1") + lmtest::coeftest convention)
#   cr1_*     cluster-robust CR1 by province, computed in base R (model.matrix + QR; the sandwich on the
#             design with centred non-intercept columns, mapped back -- see centre() below):
#             V = G/(G-1) * (n-1)/(n-K) * B M B, B = (X'X)^-1, M = sum_g (X_g'e_g)(X_g'e_g)', t on G-1 df
#             (fixest defaults: ssc(adj=TRUE, fixef.K="nested", cluster.adj=TRUE, t.df="min")).
#             cr1_pooled              lm(total ~ year + D1), K = 3
#             cr1_fe_oneway_year      total ~ year | province   (dummies), K = 1 + 1 (fixest: all FE nested
#                                     in the cluster => "we add 1 for the intercept")
#             cr1_fe_oneway_dims      total ~ D1 + D4 | province, K = 2 + 1
#             cr1_fe_twoway_dims      total ~ D1 + D4 | province + year (unbalanced: NAs), K = 2 + #years
#                                     (province effects nested in the province clusters are not counted,
#                                     the year effects are)
#   trend_ts_mk  per province, 2018-2024 total, base R: Theil-Sen slope = median of pairwise slopes,
#             intercept = median(y) - b*median(x); Mann-Kendall S = sum_{i<j} sign(y_j - y_i) (time order),
#             Var(S) = (n(n-1)(2n+5) - sum_t t(t-1)(2t+5))/18, Z = (S - sign(S))/sqrt(Var S),
#             p = 2*pnorm(-|Z|); Kendall tau = cor(year, y, method = "kendall") (tau-b)
#   conv_beta    beta-convergence of the total 2018 -> 2024: lm((y2024 - y2018)/6 ~ y2018): alpha, beta,
#             se, t, p, df, n; lambda = -log(1 + beta*T)/T with T = 6 (NaN when 1 + beta*T <= 0)
#   conv_sigma   per year 2018-2024: n, mean, sd (n-1), population sd (n), cv = sd / mean
#   rank_2023_2024  ranks of the total, descending (1 = highest), ties averaged, NA kept:
#             rank(-x, ties.method = "average", na.last = "keep"); cor.test spearman / kendall (defaults)
#             between the two rank vectors, pairwise complete
#   Output: <outdir>/expected_stats.csv, long format: case,key,statistic,value (sprintf("%.17g"), NA).
#
# Usage (from the repository root):
#   Rscript jobs/src/test/r/analysis_reference.R [papi_csv] [outdir]
#   defaults: ../shared/data/papi/papi_2011_2024_subdimensions_long.csv and
#             jobs/src/test/resources/analysis, both relative to the repository root (found from this
#             script's location). CI can re-run it into a temp folder and diff against the committed file.
# Generated with R 4.2.2 Patched (2022-11-10 r83330), base R (stats) only.

t_start <- proc.time()[["elapsed"]]

args <- commandArgs(trailingOnly = TRUE)
file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
root <- if (length(file_arg)) {
  normalizePath(file.path(dirname(normalizePath(sub("^--file=", "", file_arg[1]))), "..", "..", "..", ".."))
} else {
  getwd()
}
data_path <- if (length(args) >= 1) args[1] else
  file.path(root, "..", "shared", "data", "papi", "papi_2011_2024_subdimensions_long.csv")
outdir <- if (length(args) >= 2) args[2] else file.path(root, "jobs", "src", "test", "resources", "analysis")
if (!file.exists(data_path)) stop("PAPI panel not found: ", data_path)
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
outdir <- normalizePath(outdir)

d <- read.csv(data_path, colClasses = c(gso_code = "character"), stringsAsFactors = FALSE)
d <- d[order(d$papi_pid, d$year), ]
dims <- paste0("D", 1:8)
total <- "papi_total_computed"

out <- list()
emit <- function(case, key, values) {
  values <- values[!vapply(values, is.null, logical(1))]
  out[[length(out) + 1L]] <<- data.frame(case = case, key = key, statistic = names(values),
                                         value = unname(unlist(values)), stringsAsFactors = FALSE)
}

# ---------------------------------------------------------------- correlation
cor_case <- function(case, x, y, key, method, exact = NULL) {
  ct <- suppressWarnings(cor.test(x, y, method = method, exact = exact))
  v <- list(n = sum(complete.cases(x, y)), estimate = unname(ct$estimate),
            statistic = unname(ct$statistic), p = ct$p.value)
  if (method == "pearson") {
    v$df <- unname(ct$parameter)
    v$ci_low <- ct$conf.int[1]
    v$ci_high <- ct$conf.int[2]
  }
  if (method == "kendall") v$kendall_exact <- as.numeric(names(ct$statistic) == "T")
  emit(case, paste0(key, "|", method), v)
  ct$p.value
}
pairs <- combn(dims, 2)
y2023 <- d[d$year == 2023, ]
y2024 <- d[d$year == 2024, ]
fl <- function(v) floor(10 * v + 1e-6)
p_2023 <- c()
for (j in seq_len(ncol(pairs))) {
  a <- pairs[1, j]; b <- pairs[2, j]; key <- paste0(a, "~", b)
  for (m in c("pearson", "spearman", "kendall")) {
    p_2023[paste0(key, "|", m)] <- cor_case("cor_2023", y2023[[a]], y2023[[b]], key, m)
    cor_case("cor_2023_first20", y2023[[a]][1:20], y2023[[b]][1:20], key, m)
    cor_case("cor_2023_first9", y2023[[a]][1:9], y2023[[b]][1:9], key, m)
    cor_case("cor_2023_floor10", fl(y2023[[a]]), fl(y2023[[b]]), key, m)
    cor_case("cor_2023_floor10_first20", fl(y2023[[a]][1:20]), fl(y2023[[b]][1:20]), key, m)
  }
  for (m in c("spearman", "kendall")) {
    cor_case("cor_2023_first20_asymptotic", y2023[[a]][1:20], y2023[[b]][1:20], key, m, exact = FALSE)
  }
}
stopifnot(identical(y2023$papi_pid, y2024$papi_pid))
for (v in c(total, dims)) {
  key <- if (v == total) "total" else v
  for (m in c("pearson", "spearman", "kendall")) cor_case("cor_2023v2024", y2023[[v]], y2024[[v]], key, m)
}
bh <- p.adjust(p_2023, method = "BH")
for (k in names(bh)) emit("bh_2023", k, list(p_bh = bh[[k]]))

# ---------------------------------------------------------------- per-province OLS trends, Theil-Sen, MK
panel <- d[d$year >= 2018, ]
for (pid in unique(panel$papi_pid)) {
  s <- panel[panel$papi_pid == pid & !is.na(panel[[total]]), ]
  x <- s$year; y <- s[[total]]; n <- length(y)
  fit <- lm(y ~ x)
  co <- summary(fit)$coefficients
  ci <- confint(fit, level = 0.95)
  emit("lm_trend", pid, list(n = n, df = fit$df.residual,
    intercept = co[1, 1], se_intercept = co[1, 2], t_intercept = co[1, 3], p_intercept = co[1, 4],
    slope = co[2, 1], se_slope = co[2, 2], t_slope = co[2, 3], p_slope = co[2, 4],
    ci_low = ci[2, 1], ci_high = ci[2, 2], r_squared = summary(fit)$r.squared))
  ij <- which(upper.tri(matrix(0, n, n)), arr.ind = TRUE)   # i < j pairs, x ascending (year order)
  slopes <- (y[ij[, 2]] - y[ij[, 1]]) / (x[ij[, 2]] - x[ij[, 1]])
  b_ts <- median(slopes)
  S <- sum(sign(y[ij[, 2]] - y[ij[, 1]]))
  tt <- table(y); tt <- tt[tt > 1]
  varS <- (n * (n - 1) * (2 * n + 5) - sum(tt * (tt - 1) * (2 * tt + 5))) / 18
  Z <- if (S == 0) 0 else (S - sign(S)) / sqrt(varS)
  emit("trend_ts_mk", pid, list(n = n, ts_slope = b_ts, ts_intercept = median(y) - b_ts * median(x),
    mk_s = S, mk_var_s = varS, mk_z = Z, mk_p = 2 * pnorm(-abs(Z)),
    kendall_tau = cor(x, y, method = "kendall")))
}

# ---------------------------------------------------------------- pooled OLS: classical, HC1, CR1
# Sandwiches are formed on the design with its non-intercept columns centred ([1, x - mean]) and mapped back
# by Tm = [1, -mean; 0, I] (V = Tm Vc Tm'): the same estimator, but without the ~1e-9 relative cancellation
# that B M B suffers when a regressor is a calendar year (an uncentred B %*% M %*% B loses ~9 digits here).
centre <- function(X) {
  m <- colMeans(X)
  j <- colnames(X) != "(Intercept)"
  Xc <- X; Xc[, j] <- sweep(X[, j, drop = FALSE], 2, m[j])
  Tm <- diag(ncol(X)); dimnames(Tm) <- list(colnames(X), colnames(X))
  if ("(Intercept)" %in% colnames(X)) Tm["(Intercept)", j] <- -m[j]
  list(Xc = Xc, Tm = Tm)
}
cr1_emit <- function(case, X, y, cl, K, keep) {
  cx <- centre(X); Xc <- cx$Xc
  q <- qr(Xc)
  stopifnot(q$rank == ncol(X), identical(q$pivot, seq_len(ncol(X))))
  beta <- as.vector(cx$Tm %*% qr.coef(q, y))
  e <- as.vector(y - Xc %*% qr.coef(q, y))
  B <- chol2inv(qr.R(q))
  n <- nrow(X); G <- length(unique(cl))
  S <- rowsum(Xc * e, cl)                      # G x k: X_g'e_g (centred design)
  V <- G / (G - 1) * (n - 1) / (n - K) * cx$Tm %*% (B %*% crossprod(S) %*% B) %*% t(cx$Tm)
  for (nm in keep) {
    j <- match(nm, colnames(X))
    se <- sqrt(V[j, j]); t <- beta[[j]] / se
    emit(case, nm, list(estimate = beta[[j]], se = se, t = t, p = 2 * pt(-abs(t), G - 1),
                        df = G - 1, n = n, G = G, K = K))
  }
}
pool <- panel[complete.cases(panel[, c(total, "D1", "D4")]), ]
pool_y <- pool[[total]]
fit <- lm(pool_y ~ year + D1, data = pool)
X <- model.matrix(fit); e <- resid(fit); n <- nrow(X); k <- ncol(X)
co <- summary(fit)$coefficients
cx <- centre(X)
B <- chol2inv(qr.R(qr(cx$Xc)))
Vhc1 <- n / (n - k) * cx$Tm %*% (B %*% crossprod(cx$Xc * e) %*% B) %*% t(cx$Tm)
for (j in seq_len(k)) {
  nm <- colnames(X)[j]
  emit("lm_pooled", nm, list(estimate = co[j, 1], se = co[j, 2], t = co[j, 3], p = co[j, 4],
                             df = fit$df.residual, n = n, r_squared = summary(fit)$r.squared))
  se <- sqrt(Vhc1[j, j]); t <- co[j, 1] / se
  emit("lm_pooled_hc1", nm, list(estimate = co[j, 1], se = se, t = t, p = 2 * pt(-abs(t), n - k), df = n - k))
}
cr1_emit("cr1_pooled", X, pool_y, pool$papi_pid, K = k, keep = colnames(X))

# ---------------------------------------------------------------- fixed effects with CR1 by province
fe_year <- panel[!is.na(panel[[total]]), ]
X <- model.matrix(~ year + factor(papi_pid), data = fe_year)
cr1_emit("cr1_fe_oneway_year", X, fe_year[[total]], fe_year$papi_pid, K = 1 + 1, keep = "year")
X <- model.matrix(~ D1 + D4 + factor(papi_pid), data = pool)
cr1_emit("cr1_fe_oneway_dims", X, pool_y, pool$papi_pid, K = 2 + 1, keep = c("D1", "D4"))
X <- model.matrix(~ D1 + D4 + factor(papi_pid) + factor(year), data = pool)
cr1_emit("cr1_fe_twoway_dims", X, pool_y, pool$papi_pid, K = 2 + length(unique(pool$year)),
         keep = c("D1", "D4"))

# ---------------------------------------------------------------- beta- and sigma-convergence
y18 <- d[d$year == 2018, total]; y24 <- d[d$year == 2024, total]
stopifnot(identical(d$papi_pid[d$year == 2018], d$papi_pid[d$year == 2024]))
ok <- complete.cases(y18, y24)
T <- 2024 - 2018
g <- (y24[ok] - y18[ok]) / T; y0 <- y18[ok]
fit <- lm(g ~ y0)
co <- summary(fit)$coefficients
lambda <- if (1 + co[2, 1] * T > 0) -log(1 + co[2, 1] * T) / T else NaN
emit("conv_beta", "total_2018_2024", list(n = sum(ok), df = fit$df.residual, alpha = co[1, 1],
  beta = co[2, 1], se = co[2, 2], t = co[2, 3], p = co[2, 4], lambda = lambda))
for (yr in 2018:2024) {
  v <- d[d$year == yr, total]; v <- v[!is.na(v)]
  emit("conv_sigma", as.character(yr), list(n = length(v), mean = mean(v), sd_sample = sd(v),
    sd_population = sqrt(mean((v - mean(v))^2)), cv = sd(v) / mean(v)))
}

# ---------------------------------------------------------------- rank mobility 2023 -> 2024
r23 <- rank(-y2023[[total]], ties.method = "average", na.last = "keep")
r24 <- rank(-y2024[[total]], ties.method = "average", na.last = "keep")
for (i in seq_along(r23)) emit("rank_2023_2024", y2023$papi_pid[i], list(rank_a = r23[i], rank_b = r24[i]))
sp <- cor.test(r23, r24, method = "spearman")
kd <- cor.test(r23, r24, method = "kendall")
emit("rank_2023_2024", "all", list(n = sum(complete.cases(r23, r24)), spearman = unname(sp$estimate),
  spearman_s = unname(sp$statistic), spearman_p = sp$p.value, kendall = unname(kd$estimate),
  kendall_statistic = unname(kd$statistic), kendall_p = kd$p.value))

# ---------------------------------------------------------------- write
res <- do.call(rbind, out)
res$value <- ifelse(is.na(res$value), "NA", sprintf("%.17g", res$value))
header <- c(
  "# expected_stats.csv -- written by jobs/src/test/r/analysis_reference.R; do not edit by hand.",
  paste0("# ", R.version.string, "; input ", basename(data_path), " (", nrow(d), " rows)."),
  "# cor.test (exact=NULL unless the case says asymptotic), p.adjust BH, lm/summary.lm/confint,",
  "# HC1, CR1 by province (fixest nested small-sample factor, t on G-1 df), Theil-Sen, Mann-Kendall,",
  "# beta/sigma convergence and rank mobility on the real PAPI panel. Values: sprintf('%.17g').")
f <- file.path(outdir, "expected_stats.csv")
writeLines(header, f)
suppressWarnings(write.table(res, f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE,
                             col.names = TRUE))
cat(sprintf("%s: wrote %d rows to %s in %.2f s\n", R.version.string, nrow(res), f,
            proc.time()[["elapsed"]] - t_start))
