# run: jobs/src/test/r/ranks_papi_synth_totals.csv {out}
# expected: jobs/src/test/resources/ranks
# ranks_reference.R -- reference values for org.chiso.analysis.stats.RankConfidenceSets: confidence sets for
# ranks from the R package csranks 1.2.1 (Mogstad, Romano, Shaikh and Wilhelm, Review of Economic Studies 2024;
# installed from ../shared/reference/csranks_1.2.1.tar.gz).
#
# Two kinds of check:
#   1. The same draws. csranks draws its parametric bootstrap with MASS::mvrnorm. Here mvrnorm is replaced (in
#      MASS's namespace) by a generator Java reproduces exactly: a Lehmer generator (48271 * s mod 2^31 - 1,
#      state restarted at the stated seed before each csranks call), two uniforms per standard normal by
#      Box-Muller (sqrt(-2 log u1) cos(2 pi u2)), n rows of k normals filled row by row, each row multiplied by the
#      lower Cholesky factor of the covariance. csranks's own code then runs unchanged, so Java must give the
#      identical sets (sets.csv).
#   2. Independent draws. csranks with R's own generator (set.seed(year), R = 1000, mvrnorm restored): marginal
#      two-sided sets for every province and year of the SYNTHETIC PAPI-SYNTH totals (independent.csv, with the
#      estimates and standard errors used); Java, with
#      its own seeded draws, must give the same set in at least 99% of the province-years.
#
# Cases (inputs.csv: case, i, label, x, se; sigma_<case>.csv for a full covariance):
#   pisa       csranks's own example: math_score, diag(math_se^2), 37 jurisdictions
#   papi2024   PAPI-SYNTH 2024 TOTAL, 63 provinces (VN63 keys), diag(se^2): SYNTHETIC estimates of the demo's
#              microdata (ranks_papi_synth_totals.csv beside this script, from the estimates table of ./workbench all)
#   corr12     12 populations with a full covariance: Sigma = B B' / 40 + diag(0.02), B 12 x 6 from rnorm with
#              set.seed(20250701), x = seq(1, 2.1, by = 0.1) + 0.05 * (-1)^i
suppressPackageStartupMessages(library(csranks))
args <- commandArgs(trailingOnly = TRUE)
totals <- read.csv(args[1], stringsAsFactors = FALSE)
out <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
fmt <- function(v) trimws(formatC(v, digits = 17, format = "g"))

# ---- the shared generator -------------------------------------------------------------------------------------
M <- 2147483647
A <- 48271
mulmod <- function(a, s) {             # (a * s) mod M, exact in doubles for a, s < 2^31
  hi <- s %/% 65536
  lo <- s %% 65536
  (((a * hi) %% M) * 65536 + a * lo) %% M
}
POW <- numeric(100000)                 # A^j mod M
POW[1] <- A
for (j in 2:length(POW)) POW[j] <- mulmod(A, POW[j - 1])
gen_state <- 1
uniforms <- function(n) {
  out <- numeric(0)
  while (n > 0) {
    m <- min(n, length(POW))
    s <- mulmod(POW[1:m], gen_state)
    gen_state <<- s[m]
    out <- c(out, s / M)
    n <- n - m
  }
  out
}
normals <- function(n) {
  u <- uniforms(2 * n)
  u1 <- u[seq(1, 2 * n, by = 2)]
  u2 <- u[seq(2, 2 * n, by = 2)]
  sqrt(-2 * log(u1)) * cos(2 * pi * u2)
}
shared_mvrnorm <- function(n = 1, mu, Sigma, tol = 1e-6, empirical = FALSE, EISPACK = FALSE) {
  k <- nrow(Sigma)
  e <- matrix(normals(n * k), nrow = n, ncol = k, byrow = TRUE)
  e %*% chol(Sigma)                    # row r: t(L) applied as L e_r, L = t(chol(Sigma))
}
original_mvrnorm <- MASS::mvrnorm
use_generator <- function(shared) {
  utils::assignInNamespace("mvrnorm", if (shared) shared_mvrnorm else original_mvrnorm, ns = "MASS")
}

# ---- the cases ------------------------------------------------------------------------------------------------
cases <- list()
data(pisa, package = "csranks")
cases$pisa <- list(label = as.character(pisa$jurisdiction), x = pisa$math_score, se = pisa$math_se,
                   Sigma = diag(pisa$math_se^2))
p24 <- totals[totals$year == 2024, ]
cases$papi2024 <- list(label = p24$province_key, x = p24$value, se = p24$se, Sigma = diag(p24$se^2))
set.seed(20250701)
B <- matrix(rnorm(12 * 6), 12, 6)
S12 <- B %*% t(B) / 40 + diag(0.02, 12)
cases$corr12 <- list(label = sprintf("P%02d", 1:12), x = seq(1, 2.1, by = 0.1) + 0.05 * (-1)^(1:12),
                     se = sqrt(diag(S12)), Sigma = S12)

inputs <- do.call(rbind, lapply(names(cases), function(n) {
  k <- cases[[n]]
  data.frame(case = n, i = seq_along(k$x), label = k$label, x = fmt(k$x), se = fmt(k$se))
}))
write.csv(inputs, file.path(out, "inputs.csv"), row.names = FALSE, quote = FALSE)
write.table(matrix(fmt(S12), 12, 12), file.path(out, "sigma_corr12.csv"), sep = ",", row.names = FALSE,
            col.names = FALSE, quote = FALSE)

# ---- 1. the same draws ----------------------------------------------------------------------------------------
# (case, method, cstype, stepdown, tau, seed of the shared generator)
runs <- list(
  list("pisa", "simul", "two-sided", TRUE, NA, 101),
  list("pisa", "marg", "two-sided", TRUE, NA, 102),
  list("pisa", "simul", "two-sided", FALSE, NA, 103),
  list("pisa", "marg", "two-sided", FALSE, NA, 104),
  list("pisa", "simul", "lower", TRUE, NA, 105),
  list("pisa", "simul", "upper", TRUE, NA, 106),
  list("pisa", "taubest", "lower", TRUE, 5, 107),
  list("pisa", "tauworst", "upper", TRUE, 5, 108),
  list("papi2024", "simul", "two-sided", TRUE, NA, 201),
  list("papi2024", "marg", "two-sided", TRUE, NA, 202),
  list("papi2024", "taubest", "lower", TRUE, 10, 203),
  list("papi2024", "tauworst", "upper", TRUE, 10, 204),
  list("corr12", "simul", "two-sided", TRUE, NA, 301),
  list("corr12", "marg", "two-sided", TRUE, NA, 302),
  list("corr12", "taubest", "lower", TRUE, 3, 303)
)
use_generator(TRUE)
sets <- do.call(rbind, lapply(runs, function(r) {
  k <- cases[[r[[1]]]]
  method <- r[[2]]; cstype <- r[[3]]; stepdown <- r[[4]]; tau <- r[[5]]
  gen_state <<- r[[6]]
  p <- length(k$x)
  if (method %in% c("simul", "marg")) {
    cs <- csranks(k$x, k$Sigma, coverage = 0.95, cstype = cstype, stepdown = stepdown, R = 1000,
                  simul = method == "simul")
    lower <- cs$L; upper <- cs$U; inset <- NA
  } else {
    f <- if (method == "taubest") cstaubest else cstauworst
    inset <- f(k$x, k$Sigma, tau = tau, coverage = 0.95, stepdown = stepdown, R = 1000)
    lower <- NA; upper <- NA
  }
  data.frame(case = r[[1]], method = method, cstype = cstype, stepdown = stepdown,
             tau = ifelse(is.na(tau), "", tau), seed = r[[6]], i = 1:p, label = k$label, rank = irank(k$x),
             lower = lower, upper = upper, in_set = inset)
}))
write.csv(sets, file.path(out, "sets.csv"), row.names = FALSE, quote = FALSE, na = "")

# ---- 2. independent draws -------------------------------------------------------------------------------------
use_generator(FALSE)
independent <- do.call(rbind, lapply(sort(unique(totals$year)), function(y) {
  t <- totals[totals$year == y, ]
  cs <- csranks(t$value, diag(t$se^2), coverage = 0.95, cstype = "two-sided", stepdown = TRUE, R = 1000,
                simul = FALSE, seed = y)
  again <- csranks(t$value, diag(t$se^2), coverage = 0.95, cstype = "two-sided", stepdown = TRUE, R = 1000,
                   simul = FALSE, seed = y + 5000)
  data.frame(year = y, province_key = t$province_key, value = fmt(t$value), se = fmt(t$se), rank = cs$rank,
             lower = cs$L, upper = cs$U, lower_again = again$L, upper_again = again$U)
}))
write.csv(independent, file.path(out, "independent.csv"), row.names = FALSE, quote = FALSE)
