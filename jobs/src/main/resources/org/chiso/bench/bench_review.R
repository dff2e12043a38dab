# bench_review.R -- the review's Monte Carlo in a plain base-R loop, for ./workbench bench review.
# Usage: Rscript bench_review.R <inputs.csv> <rows> <results.csv>
# inputs.csv: the 63 x 8 matrix the workbench uses (columns D1..D8, NA for missing), one row per province.
# The same model as org.chiso.analysis.stats.IndexUncertainty: per design row, A and B draw the weights (each times
# U[0.75, 1.25]), the normalisation (5), the aggregation (3) and the imputation (3); the index is computed on A, on B
# and on each AB_i (4 factors): rows * 6 runs, each giving the ranks and the mean absolute rank shift. Times the loop
# (replicate) only; results.csv: rows, runs, seconds.
args <- commandArgs(trailingOnly = TRUE)
X <- as.matrix(read.csv(args[1]))
rows <- as.integer(args[2])
impute <- function(X, how) {
  if (how == 1) return(X)
  out <- X
  cc <- complete.cases(X)
  for (i in seq_len(ncol(X))) {
    miss <- which(is.na(X[, i]))
    if (length(miss) == 0) next
    m <- mean(X[, i], na.rm = TRUE)
    beta <- NULL
    if (how == 3 && sum(cc) > ncol(X)) {
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
      x,
      (x - min(x, na.rm = TRUE)) / (max(x, na.rm = TRUE) - min(x, na.rm = TRUE)) * 100,
      (x - mean(x, na.rm = TRUE)) / sd(x, na.rm = TRUE),
      (rank(x, ties.method = "min", na.last = "keep") - 1) / (sum(!is.na(x)) - 1),
      1 - (max(x, na.rm = TRUE) - x) / (max(x, na.rm = TRUE) - min(x, na.rm = TRUE)))
  })
}
score <- function(X, w, agg) {
  if (agg != 1) {
    for (i in seq_len(ncol(X))) {
      mn <- min(X[, i], na.rm = TRUE)
      if (mn <= 0) X[, i] <- X[, i] + 1 - mn
    }
  }
  apply(X, 1, function(x) {
    ok <- !is.na(x)
    if (!any(ok)) return(NA_real_)
    x <- x[ok]; ww <- w[ok]
    switch(agg, sum(ww * x) / sum(ww), prod(x^ww)^(1 / sum(ww)), sum(ww) / sum(ww / x))
  })
}
published <- rank(-rowSums(X), ties.method = "min", na.last = "keep")
run <- function(f) {
  s <- score(normalise(impute(X, f$imp), f$norm), f$w, f$agg)
  r <- rank(-s, ties.method = "min", na.last = "keep")
  c(r, mean(abs(r - published), na.rm = TRUE))
}
draw <- function() list(w = runif(ncol(X), 0.75, 1.25), norm = sample.int(5, 1), agg = sample.int(3, 1),
                        imp = sample.int(3, 1))
set.seed(1)
t <- system.time(replicate(rows, {
  a <- draw(); b <- draw()
  out <- list(run(a), run(b))
  for (k in c("w", "norm", "agg", "imp")) { ab <- a; ab[[k]] <- b[[k]]; out[[length(out) + 1]] <- run(ab) }
  out
}, simplify = FALSE))
write.csv(data.frame(rows = rows, runs = rows * 6, seconds = unname(t["elapsed"])), args[3], row.names = FALSE)
