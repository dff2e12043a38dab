# run: {data}/papi/papi_2011_2024_subdimensions_long.csv {out}
# expected: jobs/src/test/resources/whatif
# whatif_reference.R -- reference values for org.chiso.analysis.stats.WhatIf, in base R with COINr's formulas
# written out, on the REAL PAPI panel: the 8 dimensions D1..D8 of 2021 (three provinces blank) and 2023 (two
# blank), 63 provinces in papi_pid order.
#
# Every recipe = imputation x normalisation x weights x aggregation (3 x 5 x 2 x 3 = 90) per year:
#   imputation     none | mean (column mean over present units, COINr i_mean) | regression (lm of the column on the
#                  other columns over complete units, predicted where the unit has every regressor, else the mean)
#   normalisation  as_published | min_max (n_minmax to [0, 100]) | z_score (n_zscore, sample sd) |
#                  percentile_rank (n_prank: (rank, ties "min", - 1) / (n - 1)) | distance_to_frontier (n_dist2max)
#   weights        equal | unequal (1, 2, ..., 8)
#   aggregation    arithmetic (a_amean: sum(w x) / sum(w) over present parts) | geometric (a_gmean: prod(x^w)^(1 /
#                  sum(w)) over present parts) | harmonic (a_hmean: sum(w) / sum(w / x)); before geometric and
#                  harmonic, a column with a value <= 0 is shifted by 1 - its minimum
# Output scores.csv: year, recipe, papi_pid, score (17 significant digits, NA when no part is present), rank
# (1 = highest, ties "min", NA without a score).
args <- commandArgs(trailingOnly = TRUE)
panel <- read.csv(args[1], stringsAsFactors = FALSE, colClasses = c(gso_code = "character"))
out <- args[2]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
fmt <- function(v) ifelse(is.na(v), "NA", trimws(formatC(v, digits = 17, format = "g")))
dims <- paste0("D", 1:8)

impute <- function(X, how) {
  if (how == "none") return(X)
  out <- X
  cc <- complete.cases(X)
  for (i in seq_len(ncol(X))) {
    miss <- which(is.na(X[, i]))
    if (length(miss) == 0) next
    m <- mean(X[, i], na.rm = TRUE)
    beta <- NULL
    if (how == "regression" && sum(cc) > ncol(X)) {
      fit <- lm.fit(cbind(1, X[cc, -i, drop = FALSE]), X[cc, i])
      if (!any(is.na(fit$coefficients))) beta <- fit$coefficients
    }
    for (u in miss) {
      v <- m
      if (!is.null(beta) && !any(is.na(X[u, -i]))) v <- sum(c(1, X[u, -i]) * beta)
      out[u, i] <- v
    }
  }
  out
}
normalise <- function(X, how) {
  apply(X, 2, function(x) {
    switch(how,
      as_published = x,
      min_max = (x - min(x, na.rm = TRUE)) / (max(x, na.rm = TRUE) - min(x, na.rm = TRUE)) * 100,
      z_score = (x - mean(x, na.rm = TRUE)) / sd(x, na.rm = TRUE),
      percentile_rank = (rank(x, ties.method = "min", na.last = "keep") - 1) / (sum(!is.na(x)) - 1),
      distance_to_frontier = 1 - (max(x, na.rm = TRUE) - x) / (max(x, na.rm = TRUE) - min(x, na.rm = TRUE)))
  })
}
aggregate_row <- function(x, w, how) {
  ok <- !is.na(x)
  if (!any(ok)) return(NA_real_)
  x <- x[ok]; w <- w[ok]
  switch(how,
    arithmetic = sum(w * x) / sum(w),
    geometric = prod(x^w)^(1 / sum(w)),
    harmonic = sum(w) / sum(w / x))
}
rows <- list()
for (y in c(2021, 2023)) {
  p <- panel[panel$year == y, ]
  p <- p[order(p$papi_pid), ]
  X <- as.matrix(p[, dims])
  for (imp in c("none", "mean", "regression")) {
    Xi <- impute(X, imp)
    for (nrm in c("as_published", "min_max", "z_score", "percentile_rank", "distance_to_frontier")) {
      Xn <- normalise(Xi, nrm)
      for (wname in c("equal", "unequal")) {
        w <- if (wname == "equal") rep(1, 8) else 1:8
        for (agg in c("arithmetic", "geometric", "harmonic")) {
          Xa <- Xn
          if (agg != "arithmetic") {
            for (i in 1:8) {
              mn <- min(Xa[, i], na.rm = TRUE)
              if (mn <= 0) Xa[, i] <- Xa[, i] + 1 - mn
            }
          }
          s <- apply(Xa, 1, aggregate_row, w = w, how = agg)
          r <- rank(-s, ties.method = "min", na.last = "keep")
          rows[[length(rows) + 1]] <- data.frame(year = y, recipe = paste(imp, nrm, wname, agg, sep = "/"),
                                                 papi_pid = p$papi_pid, score = fmt(s), rank = ifelse(is.na(r), "NA", r))
        }
      }
    }
  }
}
write.csv(do.call(rbind, rows), file.path(out, "scores.csv"), row.names = FALSE, quote = FALSE)
