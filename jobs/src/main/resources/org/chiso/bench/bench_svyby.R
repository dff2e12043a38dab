# benchmark (not a reference check)
# bench_svyby.R -- the R side of `./workbench bench estimate` (org.chiso.bench.REngine): times R `survey`
# on the respondent x component scores that the benchmark exported from the same synthetic microdata the workbench
# and DuckDB estimate from. It is NOT a reference script: there is no committed output to compare with. It ships in
# the jar as the resource org/chiso/bench/bench_svyby.R; REngine copies it into the benchmark's run folder
# (<out>/bench/runs/scale-N/) and runs it there, and compares what it writes with the workbench's estimates (1e-8).
#
# Input: <scores dir>/**/survey=<S>/year=<Y>/*.csv, one row per respondent of the survey-year (every respondent
#   of the design, with or without scores): respondent_id, province_key, stratum, psu, weight, fpc, then one column
#   per component holding the respondent's score y on the component's reporting scale (empty = no score).
# Per survey-year:
#   des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc, nest = TRUE, data = d)
#   and per component c with at least one score:
#   svyby(~c, ~province_key, des, svymean, na.rm = TRUE)
#   The fpc is given because the workbench uses the fpc column when the microdata has one and no psu_prob (an
#   equal-probability design); without it the SEs would differ by the factor sqrt(1 - n_h/N_h). The synthetic
#   surveys carry psu_prob (PPS): the workbench's default --pps with-replacement then uses no fpc, and the
#   exported fpc is empty. Missing fpc column or all NA: no fpc.
# Timing: system.time(...) of reading the CSV files and, separately, of the designs and svyby calls: elapsed
#   (wall clock) and CPU (user + system of this R process).
# Output: <results.csv> survey,year,component,province_key,mean,se (sprintf %.17g); on stdout key=value lines
#   bench_r_read_seconds, bench_r_estimate_seconds (elapsed), bench_r_read_cpu_seconds, bench_r_estimate_cpu_seconds,
#   bench_r_max_used_mb (R's gc() "max used", Mb), bench_r_designs, bench_r_svyby, bench_r_rows, bench_r_reader,
#   bench_r_version, bench_r_survey_version.
# Usage: Rscript bench_svyby.R <scores dir> <results.csv>
# Needs: r-cran-survey; uses data.table::fread to read when installed (r-cran-data.table), else read.csv.

suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) {
  stop("usage: Rscript bench_svyby.R <scores dir> <results.csv>")
}
dir <- args[1]
out <- args[2]

files <- sort(list.files(dir, pattern = "\\.csv$", recursive = TRUE, full.names = TRUE))
if (length(files) == 0) {
  stop("no CSV files below ", dir)
}
survey_of <- sub("^.*survey=([^/]+)/.*$", "\\1", files)
year_of <- as.integer(sub("^.*year=([0-9]+)/.*$", "\\1", files))
text_cols <- c("respondent_id", "province_key", "stratum", "psu")
design_cols <- c(text_cols, "weight", "fpc")

use_fread <- requireNamespace("data.table", quietly = TRUE)
read_one <- function(f) {
  if (use_fread) {
    as.data.frame(data.table::fread(f, colClasses = list(character = text_cols), na.strings = "", showProgress = FALSE))
  } else {
    read.csv(f, colClasses = setNames(rep("character", length(text_cols)), text_cols), na.strings = "")
  }
}

data <- NULL
cpu <- function(t) t[["user.self"]] + t[["sys.self"]]
invisible(gc(reset = TRUE))
read_time <- system.time(data <- lapply(files, read_one))

# several part files of one survey-year are one design
groups <- split(seq_along(files), paste(survey_of, year_of, sep = "|"))
results <- list()
designs <- 0L
calls <- 0L
rows <- 0L
estimate_time <- system.time({
  for (g in groups) {
    d <- if (length(g) == 1) data[[g]] else do.call(rbind, data[g])
    rows <- rows + nrow(d)
    with_fpc <- "fpc" %in% names(d) && !all(is.na(d$fpc))
    des <- if (with_fpc) {
      svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc, nest = TRUE, data = d)
    } else {
      svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
    }
    designs <- designs + 1L
    for (comp in setdiff(names(d), design_cols)) {
      if (all(is.na(d[[comp]]))) {
        next
      }
      b <- svyby(as.formula(paste0("~", comp)), ~province_key, des, svymean, na.rm = TRUE)
      calls <- calls + 1L
      results[[length(results) + 1L]] <- data.frame(survey = survey_of[g[1]], year = year_of[g[1]], component = comp,
                                                   province_key = as.character(b$province_key),
                                                   mean = sprintf("%.17g", coef(b)), se = sprintf("%.17g", SE(b)))
    }
  }
})

res <- do.call(rbind, results)
write.csv(res, out, row.names = FALSE, quote = FALSE)

cat(sprintf("bench_r_read_seconds=%.3f\n", read_time[["elapsed"]]))
cat(sprintf("bench_r_read_cpu_seconds=%.3f\n", cpu(read_time)))
cat(sprintf("bench_r_estimate_seconds=%.3f\n", estimate_time[["elapsed"]]))
cat(sprintf("bench_r_estimate_cpu_seconds=%.3f\n", cpu(estimate_time)))
g <- gc()
cat(sprintf("bench_r_max_used_mb=%.0f\n", sum(g[, which(colnames(g) == "max used") + 1])))
cat(sprintf("bench_r_designs=%d\n", designs))
cat(sprintf("bench_r_svyby=%d\n", calls))
cat(sprintf("bench_r_rows=%d\n", rows))
cat(sprintf("bench_r_reader=%s\n", if (use_fread) "data.table::fread" else "read.csv"))
cat(sprintf("bench_r_version=%s\n", R.version.string))
cat(sprintf("bench_r_survey_version=%s\n", as.character(packageVersion("survey"))))
