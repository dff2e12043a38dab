# run: {out}
# expected: jobs/src/test/resources/alpha
# alpha_reference.R -- reference values for org.chiso.survey.DesignAlpha (the design-weighted Cronbach's alpha)
#
# What it computes
#   1. Generates (set.seed fixed) a stratified two-stage sample of 600 respondents: 6 strata with 4-6 PSUs each,
#      unequal weights, a latent trait per respondent and PSU, and three groups of items:
#        A: a1..a4, 0-1 item scores (mean of a 1-5 scale rescaled), about 6% missing each;
#        B: b1..b3, binary items, about 3% missing each;
#        C: c1..c2, two continuous items on different scales, no missing value.
#      The sample is written to <out>/sample.csv with 17 significant digits, re-read, and everything below uses the
#      re-read data, so Java sees bit-identical inputs.
#   2. des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE)
#      svycralpha(~a1 + a2 + a3 + a4, des, na.rm = TRUE), and the same for B and C: complete cases of the group's
#      items, alpha = k/(k-1) (1 - sum of svyvar diagonals / svyvar of the sum). Also the complete-case counts.
#   3. The same on a subset design, des[stratum != "S1", ] (a domain: the design keeps S1's PSUs, weights 0 there),
#      as group A_domain, to show the subset enters only through the weights.
#   Output: <out>/expected.csv: group,statistic,value (sprintf("%.17g")).
#
# Usage: Rscript alpha_reference.R [outdir]   (default: jobs/src/test/resources/alpha next to this script).
# Generated with R 4.2.2 Patched, survey 4.1.1 (Debian r-cran-survey).

suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(normalizePath(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE))))
out <- if (length(args) >= 1) args[1] else file.path(here, "..", "resources", "alpha")
dir.create(out, showWarnings = FALSE, recursive = TRUE)

set.seed(20261207)
rows <- list()
for (h in 1:6) {
  for (j in 1:(3 + h %% 3 + 1)) {
    m <- 18 + (h * 7 + j * 3) %% 11
    u <- rnorm(1, 0, 0.5)
    for (i in 1:m) rows[[length(rows) + 1]] <- data.frame(stratum = paste0("S", h), psu = paste0("P", j), u = u)
  }
}
d <- do.call(rbind, rows)
n <- nrow(d)
theta <- d$u + rnorm(n)
d$w <- round(runif(n, 50, 400) * ifelse(d$stratum %in% c("S2", "S5"), 2.5, 1), 3)
likert <- function(t) pmin(5, pmax(1, round(3 + t + rnorm(n, 0, 0.9))))
for (i in 1:4) d[[paste0("a", i)]] <- (likert(theta * (0.6 + 0.1 * i)) - 1) / 4
for (i in 1:3) d[[paste0("b", i)]] <- as.numeric(theta + rnorm(n, 0, 1 + 0.3 * i) > 0.2 * i)
d$c1 <- 10 + 3 * theta + rnorm(n, 0, 2)
d$c2 <- 50 + 12 * theta + rnorm(n, 0, 15)
for (v in paste0("a", 1:4)) d[[v]][runif(n) < 0.06] <- NA
for (v in paste0("b", 1:3)) d[[v]][runif(n) < 0.03] <- NA
d$u <- NULL
fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
num <- setdiff(names(d), c("stratum", "psu"))
w <- d
for (v in num) w[[v]] <- fmt(d[[v]])
write.csv(w, file.path(out, "sample.csv"), row.names = FALSE, quote = FALSE)
d <- read.csv(file.path(out, "sample.csv"), stringsAsFactors = FALSE)

des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = d)
res <- data.frame(group = character(), statistic = character(), value = character())
put <- function(g, s, v) res[nrow(res) + 1, ] <<- c(g, s, sprintf("%.17g", v))
groups <- list(A = ~a1 + a2 + a3 + a4, B = ~b1 + b2 + b3, C = ~c1 + c2)
vars <- list(A = paste0("a", 1:4), B = paste0("b", 1:3), C = c("c1", "c2"))
for (g in names(groups)) {
  put(g, "alpha", svycralpha(groups[[g]], des, na.rm = TRUE))
  put(g, "n_complete", sum(complete.cases(d[, vars[[g]]])))
}
sub <- des[d$stratum != "S1", ]
put("A_domain", "alpha", svycralpha(groups$A, sub, na.rm = TRUE))
put("A_domain", "n_complete", sum(complete.cases(d[d$stratum != "S1", vars$A])))
write.csv(res, file.path(out, "expected.csv"), row.names = FALSE, quote = FALSE)
