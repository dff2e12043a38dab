# run: {data} {out}
# expected: jobs/src/test/resources/covariates
# covariates_reference.R -- reference values for the panel regressions with covariates
# (org.chiso.analysis.Analyses.panelRegressions with --covariates log_population,log_grdp_per_capita), on the REAL
# data: PCI totals (pci/pci_2005_2022_long.csv, pci_weighted), PAPI totals (papi/papi_2011_2024_subdimensions_long.csv,
# papi_total_computed), population (population/avg_population_by_province_2005_2024_thousand.csv, thousand persons)
# and GRDP (pci/pci_grdp_population_2016_2022.csv, billion VND), 63-province basis, provinces by statistics-office code.
#
# Covariates: log_population = log(avg_population_thousand); log_grdp_per_capita = log(grdp / avg_population_thousand)
# (million VND per person). A province-year without a value of y, x or a covariate is left out (listwise).
#
# Models (lm with province dummies, and year dummies for two-way), each with the two covariates:
#   trend_pci           pci ~ year + covariates | province, PCI 2016-2022            K = 3 + 1
#   cross_papi_pci_1    papi ~ pci + covariates | province, 2018-2022                K = 3 + 1
#   cross_papi_pci_2    papi ~ pci + covariates | province + year, 2018-2022         K = 3 + #years
# CR1 clustered by province, written out (the sandwich package is not needed):
#   V = G/(G-1) * (n-1)/(n-K) * B M B, B = (X'X)^-1, M = sum_g (X_g'e_g)(X_g'e_g)', t on G-1 df,
# with K following fixest "nested" (province effects nested in the province clusters are not counted, year effects
# are): the fixest defaults ssc(adj = TRUE, fixef.K = "nested", cluster.adj = TRUE, t.df = "min"), as METHODS.md says.
# The slope block of the sandwich on the dummy design equals the within (demeaned) sandwich (Frisch-Waugh-Lovell).
#
# Output: <out>/expected.csv, long format: case,term,statistic,value (sprintf("%.17g")); statistics estimate, se,
# t, p, n, units, k.
# Usage (from the repository root): Rscript jobs/src/test/r/covariates_reference.R ../shared/data <outdir>
# Base R (stats) only.

args <- commandArgs(trailingOnly = TRUE)
data <- if (length(args) >= 1) args[1] else file.path("..", "shared", "data")
outdir <- if (length(args) >= 2) args[2] else file.path("jobs", "src", "test", "resources", "covariates")
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)

cc <- c(gso_code = "character")
pci <- read.csv(file.path(data, "pci", "pci_2005_2022_long.csv"), colClasses = cc)
papi <- read.csv(file.path(data, "papi", "papi_2011_2024_subdimensions_long.csv"), colClasses = cc)
pop <- read.csv(file.path(data, "population", "avg_population_by_province_2005_2024_thousand.csv"), colClasses = cc)
grdp <- read.csv(file.path(data, "pci", "pci_grdp_population_2016_2022.csv"), colClasses = cc)

key <- function(d) paste(d$gso_code, d$year)
cov <- data.frame(key = key(pop), log_population = log(pop$avg_population_thousand))
g <- grdp$grdp / pop$avg_population_thousand[match(key(grdp), key(pop))]
cov$log_grdp_per_capita <- log(g[match(cov$key, key(grdp))])

panel <- function(d, col, years) {
  d <- d[d$year %in% years, ]
  data.frame(key = key(d), province = d$gso_code, year = d$year, v = d[[col]])
}
pci_p <- panel(pci, "pci_weighted", 2016:2022)
papi_p <- panel(papi, "papi_total_computed", 2018:2022)

rows <- list()
emit <- function(case, term, stat, value) {
  rows[[length(rows) + 1]] <<- data.frame(case = case, term = term, statistic = stat, value = sprintf("%.17g", value))
}

fit <- function(case, y, X, province, year, twoway) {
  ok <- complete.cases(cbind(y, X))
  y <- y[ok]; X <- X[ok, , drop = FALSE]; province <- province[ok]; year <- year[ok]
  slopes <- colnames(X)
  Xc <- sweep(X, 2, colMeans(X))   # centred slopes: the same slopes and slope block, better conditioned
  D <- if (twoway) model.matrix(~ Xc + factor(province) + factor(year)) else model.matrix(~ Xc + factor(province))
  q <- qr(D)
  stopifnot(q$rank == ncol(D))
  b <- qr.coef(q, y)
  e <- as.vector(y - D %*% b)
  B <- chol2inv(qr.R(q))
  G <- length(unique(province)); n <- length(y)
  K <- length(slopes) + 1 + (if (twoway) length(unique(year)) - 1 else 0)
  M <- matrix(0, ncol(D), ncol(D))
  for (gr in unique(province)) {
    s <- colSums(D[province == gr, , drop = FALSE] * e[province == gr])
    M <- M + tcrossprod(s)
  }
  V <- G / (G - 1) * (n - 1) / (n - K) * B %*% M %*% B
  j <- 2:(1 + length(slopes))
  est <- b[j]; se <- sqrt(diag(V)[j]); t <- est / se; p <- 2 * pt(-abs(t), G - 1)
  # lm gives the same slopes (a check on the hand-built design)
  lmfit <- if (twoway) lm(y ~ X + factor(province) + factor(year)) else lm(y ~ X + factor(province))
  stopifnot(max(abs(coef(lmfit)[j] - est)) < 1e-9 * max(1, max(abs(est))))
  for (i in seq_along(slopes)) {
    emit(case, slopes[i], "estimate", est[i]); emit(case, slopes[i], "se", se[i])
    emit(case, slopes[i], "t", t[i]); emit(case, slopes[i], "p", p[i])
  }
  emit(case, "", "n", n); emit(case, "", "units", G); emit(case, "", "k", K)
}

covs <- function(keys) as.matrix(cov[match(keys, cov$key), c("log_population", "log_grdp_per_capita")])

X <- cbind(year = pci_p$year, covs(pci_p$key))
fit("trend_pci", pci_p$v, X, pci_p$province, pci_p$year, FALSE)

both <- merge(papi_p, pci_p[, c("key", "v")], by = "key", suffixes = c("", "_pci"))
X <- cbind(pci = both$v_pci, covs(both$key))
fit("cross_papi_pci_1", both$v, X, both$province, both$year, FALSE)
fit("cross_papi_pci_2", both$v, X, both$province, both$year, TRUE)

out <- do.call(rbind, rows)
con <- file(file.path(outdir, "expected.csv"), "w")
writeLines("# expected.csv -- written by jobs/src/test/r/covariates_reference.R; do not edit by hand.", con)
write.csv(out, con, row.names = FALSE, quote = FALSE)
close(con)
