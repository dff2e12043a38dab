# run: {data}/papi/papi_2011_2024_subdimensions_long.csv {out}
# expected: jobs/src/test/resources/review
# review_reference.R -- reference values for the statistical audit of a methodology review
# (org.chiso.analysis.Review with analysis.stats Shape, Winsorisation, Reliability, Pca), computed in base R on the
# REAL PAPI province panel, as COINr (JRC) computes them.
#
# Input: papi_2011_2024_subdimensions_long.csv (63 provinces x 2011-2024; sub-dimensions SCxx, dimensions D1..D8,
# papi_total_computed; NA = missing). The structure (which SCxx make which dimension in which years) is read from the
# repository's data/definitions/components.csv, the file the Java side reads. One group per year (its structure
# version: 2011 for 2011-2015, 2016 for 2016-2017, 2018 from 2018); the units are the 63 provinces (papi_pid).
#
#   audit        per year and non-total component (dimensions and sub-dimensions): n, missing share (of 63), mean,
#                sd, min, max, skewness and kurtosis type 2 (e1071 type = 2 = Excel SKEW/KURT = COINr skew/kurt,
#                written out below), outlier = !(|skew| < 2 | kurt < 3.5) (COINr check_SkewKurt); COINr's
#                winsorise(winmax = 5) (its code, transcribed): points = nwin, skewness/kurtosis after treatment,
#                outlier after; cor(x, parent) and cor(x, total), use = "pairwise.complete.obs", with the number of
#                complete pairs. Key: year|component.
#   win_step     every point moved at every winsorisation step: value before, value after, skew and kurtosis after
#                the step. Key: year|component|step|papi_pid.
#   alpha        per year and aggregate (each dimension over its sub-dimensions: children; the total over its
#                dimensions: children, and over all sub-dimensions: leaves): COINr get_cronbach,
#                k^2 * mean(offdiag C) / sum(C) with C = cov(X, use = "pairwise.complete.obs") (raw) and
#                C = cor(X, use = "pairwise.complete.obs") (standardised); X = the provinces with at least one item;
#                items with fewer than 2 values that year are left out (none in this panel).
#                Key: year|aggregate|items_level.
#   pca          prcomp(na.omit(X), center = TRUE, scale. = TRUE) (COINr get_PCA): eigenvalue = sdev^2,
#                share = eigenvalue / k, checked against eigen(cor(na.omit(X))). Key: year|aggregate|items_level|pc.
#   pca_loading  rotation[, 1] with the sign making its sum positive; loading = rotation * sdev[1].
#                Key: year|aggregate|items_level|item.
#   Output: <outdir>/expected_review.csv: case,key,statistic,value (sprintf("%.17g"), NA).
#
# Usage (from the repository root):
#   Rscript jobs/src/test/r/review_reference.R [papi_csv] [outdir]
#   defaults: ../shared/data/papi/papi_2011_2024_subdimensions_long.csv and jobs/src/test/resources/review.
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
outdir <- if (length(args) >= 2) args[2] else file.path(root, "jobs", "src", "test", "resources", "review")
if (!file.exists(data_path)) stop("PAPI panel not found: ", data_path)
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
outdir <- normalizePath(outdir)

d <- read.csv(data_path, colClasses = c(gso_code = "character"), stringsAsFactors = FALSE)
d <- d[order(d$papi_pid, d$year), ]
defs <- read.csv(file.path(root, "data", "definitions", "components.csv"), stringsAsFactors = FALSE,
                 na.strings = character(0))
defs <- defs[defs$index == "PAPI", ]

out <- list()
emit <- function(case, key, values) {
  values <- values[!vapply(values, is.null, logical(1))]
  out[[length(out) + 1L]] <<- data.frame(case = case, key = key, statistic = names(values),
                                         value = unname(unlist(values)), stringsAsFactors = FALSE)
}

# ---------------------------------------------------------------- COINr's statistics (COINr 1.x, R/treat.R)
skew <- function(x) {
  x <- x[!is.na(x)]; n <- length(x)
  if (n < 3) return(NA_real_)
  x <- x - mean(x)
  y <- sqrt(n) * sum(x^3) / (sum(x^2)^(3 / 2))
  y * sqrt(n * (n - 1)) / (n - 2)
}
kurt <- function(x) {
  x <- x[!is.na(x)]; n <- length(x)
  if (n < 4) return(NA_real_)
  x <- x - mean(x)
  r <- n * sum(x^4) / (sum(x^2)^2)
  ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
}
passes <- function(x) (abs(skew(x)) < 2) | (kurt(x) < 3.5)
# COINr winsorise(), with the steps recorded
winsorise <- function(x, winmax = 5) {
  passing <- passes(x)
  nwin <- 0
  imax <- imin <- NULL
  steps <- list()
  if (!passing) {
    while (!passing & nwin < winmax) {
      if (skew(x) >= 0) {
        imax <- which(x == max(x, na.rm = TRUE))
        before <- x[imax]
        x[imax] <- max(x[-imax], na.rm = TRUE)
        pos <- imax; side <- "high"
      } else {
        imin <- which(x == min(x, na.rm = TRUE))
        before <- x[imin]
        x[imin] <- min(x[-imin], na.rm = TRUE)
        pos <- imin; side <- "low"
      }
      nwin <- sum(length(imax) + length(imin))
      passing <- passes(x)
      steps[[length(steps) + 1L]] <- list(pos = pos, before = before, after = x[pos[1]], skew = skew(x),
                                          kurt = kurt(x))
    }
  }
  list(x = x, nwin = nwin, steps = steps)
}
cronbach <- function(X) {
  k <- ncol(X)
  alpha_of <- function(C) {
    all <- sum(C, na.rm = TRUE)
    av <- (all - sum(diag(C), na.rm = TRUE)) / (k * (k - 1))
    (k^2 * av) / all
  }
  c(raw = alpha_of(cov(X, use = "pairwise.complete.obs")),
    standardised = alpha_of(cor(X, use = "pairwise.complete.obs")))
}

# ---------------------------------------------------------------- the audit, year by year
col_of <- function(comp) if (comp == "TOTAL") "papi_total_computed" else comp
for (yr in sort(unique(d$year))) {
  y <- d[d$year == yr, ]
  s <- defs[defs$year_from <= yr & defs$year_to >= yr, ]
  stopifnot(nrow(y) == 63)
  pid <- y$papi_pid
  for (i in seq_len(nrow(s))) {
    comp <- s$component[i]; parent <- s$parent[i]
    if (parent == "") next
    x <- y[[col_of(comp)]]
    total <- y[[col_of("TOTAL")]]
    par_v <- y[[col_of(parent)]]
    v <- x[!is.na(x)]
    sk <- skew(x); ku <- kurt(x)
    w <- winsorise(x)
    emit("audit", paste(yr, comp, sep = "|"), list(
      n = length(v), missing_share = 1 - length(v) / length(x), mean = mean(v), sd = sd(v), min = min(v),
      max = max(v), skewness = sk, kurtosis = ku, outlier = as.numeric(!passes(x)), points = w$nwin,
      skewness_treated = skew(w$x), kurtosis_treated = kurt(w$x), outlier_treated = as.numeric(!passes(w$x)),
      corr_parent = cor(x, par_v, use = "pairwise.complete.obs"), n_parent = sum(complete.cases(x, par_v)),
      corr_total = cor(x, total, use = "pairwise.complete.obs"), n_total = sum(complete.cases(x, total))))
    for (st in seq_along(w$steps)) {
      p <- w$steps[[st]]
      for (j in seq_along(p$pos)) {
        emit("win_step", paste(yr, comp, st, pid[p$pos[j]], sep = "|"), list(
          value = p$before[j], value_treated = p$after, skewness_after = p$skew, kurtosis_after = p$kurt))
      }
    }
  }
  children <- function(a) s$component[s$parent == a]
  leaves <- function(a) unlist(lapply(children(a), function(c) if (length(children(c))) leaves(c) else c))
  for (agg in s$component) {
    ch <- children(agg)
    if (length(ch) < 2) next
    sets <- list(children = ch)
    lv <- leaves(agg)
    if (!identical(lv, ch)) sets$leaves <- lv
    for (lvl in names(sets)) {
      items <- sets[[lvl]]
      items <- items[vapply(items, function(c) sum(!is.na(y[[col_of(c)]])) >= 2, logical(1))]
      if (length(items) < 2) next
      X <- as.matrix(y[, vapply(items, col_of, ""), drop = FALSE])
      X <- X[rowSums(!is.na(X)) > 0, , drop = FALSE]
      a <- cronbach(X)
      cc <- na.omit(X)
      key <- paste(yr, agg, lvl, sep = "|")
      emit("alpha", key, list(raw = unname(a["raw"]), standardised = unname(a["standardised"]),
                              n_units = nrow(X), n_complete = nrow(cc), k = length(items)))
      pc <- prcomp(cc, center = TRUE, scale. = TRUE)
      ev <- eigen(cor(cc), symmetric = TRUE)$values
      stopifnot(max(abs(ev - pc$sdev^2)) < 1e-10)
      for (j in seq_along(pc$sdev)) {
        emit("pca", paste(key, j, sep = "|"), list(eigenvalue = pc$sdev[j]^2, share = pc$sdev[j]^2 / length(items)))
      }
      rot <- pc$rotation[, 1]
      if (sum(rot) < 0) rot <- -rot
      for (j in seq_along(items)) {
        emit("pca_loading", paste(key, items[j], sep = "|"), list(rotation = unname(rot[j]),
                                                                  loading = unname(rot[j]) * pc$sdev[1]))
      }
    }
  }
}

# ---------------------------------------------------------------- write
res <- do.call(rbind, out)
res$value <- ifelse(is.na(res$value), "NA", sprintf("%.17g", res$value))
header <- c(
  "# expected_review.csv -- written by jobs/src/test/r/review_reference.R; do not edit by hand.",
  paste0("# ", R.version.string, "; input ", basename(data_path), " (", nrow(d), " rows)."),
  "# COINr's audit in base R: skew/kurtosis type 2, check_SkewKurt, winsorise(winmax = 5), pairwise cor with",
  "# parent and total, get_cronbach raw and standardised, prcomp on complete rows. Values: sprintf('%.17g').")
f <- file.path(outdir, "expected_review.csv")
writeLines(header, f)
suppressWarnings(write.table(res, f, sep = ",", row.names = FALSE, quote = FALSE, append = TRUE,
                             col.names = TRUE))
cat(sprintf("%s: wrote %d rows to %s in %.2f s\n", R.version.string, nrow(res), f,
            proc.time()[["elapsed"]] - t_start))
