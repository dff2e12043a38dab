# run: {out}
# expected: jobs/src/test/resources/sobol
# sobol_reference.R -- reference values for org.chiso.analysis.stats.SobolIndices, in base R.
#
# The sample: Saltelli's design for the Ishigami function f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1 (a = 7,
# b = 0.1, x uniform on [-pi, pi]^3), N = 2000 rows. A and B are filled row by row from the Lehmer generator
# (s' = 48271 s mod 2^31 - 1, u = s' / (2^31 - 1), seed 20250701; A first, then B), x = -pi + 2 pi u; AB_i is A
# with column i from B. The Java test rebuilds the bit-identical sample from the same generator.
# The estimators (written out here, no package):
#   V    = var(c(fA, fB))                               (sample variance, n - 1, of the 2N outputs)
#   S_i  = mean(fB * (fABi - fA)) / V                   (Saltelli et al. 2010, first order)
#   ST_i = mean((fA - fABi)^2) / 2 / V                  (Jansen 1999, total order)
# Output: indices.csv (input, first, total, variance) with 17 significant digits, and sample_head.csv (the first
# 5 rows of A and B), so a drift in the generator shows as a sample difference before an estimator difference.
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]
dir.create(out, showWarnings = FALSE, recursive = TRUE)
fmt <- function(v) trimws(formatC(v, digits = 17, format = "g"))
M <- 2147483647
mulmod <- function(a, s) {
  hi <- s %/% 65536
  lo <- s %% 65536
  (((a * hi) %% M) * 65536 + a * lo) %% M
}
lehmer <- function(n, seed) {         # n uniforms after seed
  out <- numeric(n)
  s <- seed
  for (j in seq_len(n)) {
    s <- mulmod(48271, s)
    out[j] <- s / M
  }
  out
}
N <- 2000
d <- 3
u <- lehmer(2 * N * d, 20250701)
A <- matrix(-pi + 2 * pi * u[1:(N * d)], N, d, byrow = TRUE)
B <- matrix(-pi + 2 * pi * u[(N * d + 1):(2 * N * d)], N, d, byrow = TRUE)
ishigami <- function(x) sin(x[, 1]) + 7 * sin(x[, 2])^2 + 0.1 * x[, 3]^4 * sin(x[, 1])
fA <- ishigami(A)
fB <- ishigami(B)
V <- var(c(fA, fB))
first <- numeric(d)
total <- numeric(d)
for (i in 1:d) {
  ABi <- A
  ABi[, i] <- B[, i]
  fABi <- ishigami(ABi)
  first[i] <- mean(fB * (fABi - fA)) / V
  total[i] <- mean((fA - fABi)^2) / 2 / V
}
write.csv(data.frame(input = 1:d, first = fmt(first), total = fmt(total), variance = fmt(V)),
          file.path(out, "indices.csv"), row.names = FALSE, quote = FALSE)
head5 <- cbind(A[1:5, ], B[1:5, ])
write.table(matrix(fmt(head5), 5, 2 * d), file.path(out, "sample_head.csv"), sep = ",", row.names = FALSE,
            col.names = FALSE, quote = FALSE)
