# run: {data}/papi/papi_2011_2024_subdimensions_long.csv {out}
# expected: jobs/src/test/resources/cluster
# cluster_reference.R -- reference values for org.chiso.analysis.cluster (KMeansLloyd, Standardise,
# Silhouette), computed on the REAL PAPI panel.
#
# What it computes, for each of the years 2023 and 2018:
#   1. x <- the eight PAPI dimensions D1..D8 of the provinces that have all eight, rows in province
#      code order (gso_code, two-digit, as character), standardised with scale() (column means,
#      sample SDs with n - 1).
#   2. A GIVEN partition from fixed starting centres, rows 1, 10 and 20 of x:
#        km <- kmeans(x, centers = x[c(1, 10, 20), ], algorithm = "Lloyd", iter.max = 100)
#      -> cluster vector, centers, withinss, tot.withinss, iter.
#   3. sil <- cluster::silhouette(km$cluster, dist(x))   (Euclidean distance)
#      -> per-point width s(i), neighbour, and the average width (summary(sil)$avg.width).
#
# Output (values sprintf("%.17g")), in <outdir>:
#   cluster_points.csv   year,gso_code,papi_pid,cluster,neighbor,sil_width,z_D1..z_D8
#   cluster_centers.csv  year,cluster,feature,value
#   cluster_scaling.csv  year,feature,center,scale          (attr(x, "scaled:center"/"scaled:scale"))
#   cluster_summary.csv  year,statistic,value               (n, iter, tot_withinss, withinss_<c>,
#                                                             size_<c>, avg_sil_width, starts)
#
# Usage: Rscript cluster_reference.R <papi_2011_2024_subdimensions_long.csv> [outdir]
#        (outdir default: jobs/src/test/resources/cluster next to this script). CI can re-run it into
#        a temp folder and diff against the committed files. Needs the recommended package
#        'cluster' (Debian/Ubuntu: apt-get install -y --no-install-recommends r-cran-cluster).
# Generated with R 4.2.2 Patched (2022-11-10 r83330), cluster 2.1.4.

suppressPackageStartupMessages(library(cluster))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 1) stop("usage: Rscript cluster_reference.R <papi_..._long.csv> [outdir]")
input <- args[1]
if (!file.exists(input)) stop("input not found: ", input)
if (length(args) >= 2) {
  outdir <- args[2]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  here <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg[1]))) else "."
  outdir <- file.path(here, "..", "resources", "cluster")
}
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
outdir <- normalizePath(outdir)

fmt <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
dims <- paste0("D", 1:8)
starts <- c(1, 10, 20)

timing <- system.time({
  papi <- read.csv(input, colClasses = c(gso_code = "character", papi_pid = "character"),
                   stringsAsFactors = FALSE)
  points <- list(); centers <- list(); scaling <- list(); summ <- list()
  for (yr in c(2023, 2018)) {
    d <- papi[papi$year == yr, ]
    d <- d[stats::complete.cases(d[, dims]), ]
    d <- d[order(d$gso_code), ]
    x <- scale(as.matrix(d[, dims]))
    km <- kmeans(x, centers = x[starts, ], algorithm = "Lloyd", iter.max = 100)
    sil <- silhouette(km$cluster, dist(x))
    avg <- summary(sil)$avg.width
    stopifnot(all(sil[, "cluster"] == km$cluster))

    p <- data.frame(year = yr, gso_code = d$gso_code, papi_pid = d$papi_pid, cluster = km$cluster,
                    neighbor = sil[, "neighbor"], sil_width = fmt(sil[, "sil_width"]),
                    stringsAsFactors = FALSE)
    for (j in seq_along(dims)) p[[paste0("z_", dims[j])]] <- fmt(x[, j])
    points[[length(points) + 1]] <- p
    for (c in seq_len(nrow(km$centers))) {
      centers[[length(centers) + 1]] <- data.frame(year = yr, cluster = c, feature = dims,
                                                   value = fmt(km$centers[c, ]))
    }
    scaling[[length(scaling) + 1]] <- data.frame(year = yr, feature = dims,
      center = fmt(attr(x, "scaled:center")), scale = fmt(attr(x, "scaled:scale")))
    s <- data.frame(year = yr,
      statistic = c("n", "iter", "tot_withinss", paste0("withinss_", seq_along(km$withinss)),
                    paste0("size_", seq_along(km$size)), "avg_sil_width", "starts"),
      value = c(nrow(x), km$iter, fmt(km$tot.withinss), fmt(km$withinss), km$size, fmt(avg),
                paste(starts, collapse = " ")),
      stringsAsFactors = FALSE)
    summ[[length(summ) + 1]] <- s
  }
})

wr <- function(lst, name) write.csv(do.call(rbind, lst), file.path(outdir, name), row.names = FALSE,
                                    quote = FALSE)
wr(points, "cluster_points.csv")
wr(centers, "cluster_centers.csv")
wr(scaling, "cluster_scaling.csv")
wr(summ, "cluster_summary.csv")
cat(sprintf("R %s, cluster %s: wrote reference for 2023 and 2018 to %s in %.2f s\n",
  paste(R.version$major, R.version$minor, sep = "."), packageVersion("cluster"), outdir,
  timing[["elapsed"]]))
