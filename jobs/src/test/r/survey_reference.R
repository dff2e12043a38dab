# run: {out}
# expected: jobs/src/test/resources/survey
# survey_reference.R -- reference values for org.chiso.survey.TaylorEstimator
#
# What it computes
#   1. Generates (set.seed fixed) a small stratified two-stage sample: 8 strata (S1..S8) with
#      1-5 PSUs each; S6 has a single PSU (lonely stratum); S3 is a census stratum when the fpc
#      is used (N_h = n_h, so f_h = 0). PSU labels repeat across strata (nest=TRUE matters).
#      Columns: stratum, psu, w (varying weights, one row with w = 0), y (continuous, a few NA),
#      yb (0/1), province (P1..P5; P5 lives only in S1-S3, S6 holds only P1/P2, so domains
#      cross strata and some provinces have no members in some PSUs), fpc_pop (population number
#      of PSUs N_h), fpc_frac (sampling fraction n_h/N_h), prob (section 4) and ssu (section 4).
#      The sample is written to <out>/sample.csv, re-read, and everything below uses the re-read
#      data, so Java sees bit-identical inputs.
#   2. For lonely.psu in remove, certainty, adjust, average and fpc in none / fpc_pop / fpc_frac:
#        des <- svydesign(ids=~psu, strata=~stratum, weights=~w, nest=TRUE[, fpc=~fpc_pop|~fpc_frac])
#        svyby(~y, ~province, des, svymean, na.rm=TRUE, deff="replace")  -> mean, se, var, deff
#        svyby(~y, ~province, des, svymean, na.rm=TRUE, deff=TRUE)       -> deff (w/o replacement)
#        confint(.) (normal) and confint(., df=degf(des))                   -> CIs
#        svyby(~yb, ~province, des, svyciprop, vartype=c("se","ci"), method="logit")
#      and the same for the national figure (domain "ALL": svymean / svyciprop on des itself).
#      Case names: <lonely>_<fpc>, e.g. adjust_fpcpop. Also writes degf(des) per case.
#   3. lonely.psu = "fail" (no fpc and fpc_pop): per province, like svyby does
#      (des[province == p, ]), records either the estimates or the stratum named in R's error
#      ("Stratum (S6) has only one PSU at stage 1") as statistic "error_stratum".
#   4. PPS without replacement: column prob = the PSU's inclusion probability (1 in the census
#      stratum S3, 0.2-0.8 elsewhere, fixed by stratum and PSU number, no random draw), and
#        brewer:  svydesign(ids=~psu, strata=~stratum, weights=~w, nest=TRUE, fpc=~prob, pps="brewer")
#        overton: svydesign(ids=~upsu, strata=~snum, probs=~prob, fpc=~prob, pps="overton")
#        hr:      svydesign(ids=~upsu, strata=~snum, probs=~prob, fpc=~prob, pps=HR())
#      (upsu = stratum.psu, snum = the stratum number: pps_design() in survey 4.1.1 builds its design
#      without nest= and without weights=, needs numeric strata, and takes the PSU's inclusion
#      probability from probs=, which are also the sampling probabilities: the Overton and
#      Hartley-Rao cases are single-stage PPS samples with weight 1/prob, the Java test uses the
#      same weights; Brewer keeps the weights w). survey 4.1.1 cannot
#      subset Overton and Hartley-Rao designs ("[.pps" indexes the PSU-level matrix with a row-level
#      subscript, so svyby and na.rm=TRUE fail), so every domain mean is taken as the ratio
#      svyratio(~y_d, ~m_d) on the full design, y_d = y where the row is in the domain and y is not
#      missing, else 0, m_d = 1 there, else 0: the same estimator and linearisation as svyby(svymean)
#      (checked below against svyby on the ordinary design). Brewer with lonely.psu certainty and
#      adjust; Overton and Hartley-Rao have no lonely-PSU rule in R (a single PSU gives (1 - pi) z^2).
#      Two stages (brewer2): the respondents of each PSU as a second stage drawn with replacement,
#        svydesign(ids=~psu+rid, strata=~stratum, weights=~w, nest=TRUE, fpc=~prob+zero, pps="brewer")
#      (rid = row number, zero = 0: popsize Inf, no correction at stage 2; R's multistage() adds each
#      PSU's variance of its rows times pi). Two stages on secondary units (brewerssu): column ssu
#      (C1..C3 within each PSU, 1-3 per PSU by the PSU's number, assigned without a random draw),
#        svydesign(ids=~psu+ssu, strata=~stratum, weights=~w, nest=TRUE, fpc=~prob+zero, pps="brewer")
#      (the SSUs of each PSU as ultimate clusters at stage 2, with replacement; a PSU with one SSU is a
#      lonely unit at stage 2: 0 under certainty, its squared total under adjust). Overton and
#      Hartley-Rao are one-stage only in R.
#      Statistics y_mean, y_se, y_var; cases <lonely>_<pps>, e.g. certainty_overton, adjust_brewerssu.
#   Output: <out>/expected.csv, long format: case,domain,statistic,value (sprintf("%.17g")).
#
# Usage: Rscript survey_reference.R [outdir]   (default: jobs/src/test/resources/survey next
#        to this script). CI can re-run it into a temp folder and diff against the committed files.
# Generated with R 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1 (Debian r-cran-survey);
# options survey.adjust.domain.lonely = FALSE (default), survey.ultimate.cluster = FALSE (default).
# Runtime: about 1.5-2 s of estimation, 2.5-5 s wall clock including R start-up.

suppressPackageStartupMessages(library(survey))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) >= 1) {
  outdir <- args[1]
} else {
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  here <- if (length(file_arg)) dirname(normalizePath(sub("^--file=", "", file_arg[1]))) else "."
  outdir <- file.path(here, "..", "resources", "survey")
}
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)
outdir <- normalizePath(outdir)

# ---------------------------------------------------------------- 1. sample
set.seed(20240611)
strata <- paste0("S", 1:8)
npsu   <- c(S1 = 3, S2 = 4, S3 = 2, S4 = 5, S5 = 3, S6 = 1, S7 = 4, S8 = 2)
Npop   <- c(S1 = 9, S2 = 7, S3 = 2, S4 = 12, S5 = 6, S6 = 3, S7 = 10, S8 = 5)   # S3: census
# province membership probabilities per stratum (rows) -- P5 only in S1-S3, S6 only P1/P2
pmat <- rbind(
  S1 = c(.30, .20, .10, .10, .30),
  S2 = c(.20, .30, .10, .10, .30),
  S3 = c(.10, .10, .30, .20, .30),
  S4 = c(.40, .10, .30, .20, 0),
  S5 = c(.10, .40, .20, .30, 0),
  S6 = c(.50, .50, 0, 0, 0),
  S7 = c(.25, .25, .25, .25, 0),
  S8 = c(.10, .20, .30, .40, 0))
provinces <- paste0("P", 1:5)
strat_eff <- setNames(rnorm(8, 0, 3), strata)
prov_eff  <- setNames(c(0, 2, -1.5, 4, 1), provinces)

rows <- list()
for (h in strata) {
  w_base <- runif(1, 80, 400)
  for (j in seq_len(npsu[[h]])) {
    m <- sample(6:14, 1)
    u <- rnorm(1, 0, 2.5)
    prov <- sample(provinces, m, replace = TRUE, prob = pmat[h, ])
    w <- w_base * runif(m, 0.5, 2)
    y <- 20 + strat_eff[[h]] + u + prov_eff[prov] + rnorm(m, 0, 5)
    eta <- -0.8 + 0.4 * u + 0.3 * prov_eff[prov]
    yb <- rbinom(m, 1, plogis(eta))
    rows[[length(rows) + 1]] <- data.frame(stratum = h, psu = as.character(j), w = w, y = y,
      yb = yb, province = prov, fpc_pop = Npop[[h]], fpc_frac = npsu[[h]] / Npop[[h]],
      prob = if (h == "S3") 1 else round(npsu[[h]] / Npop[[h]] * (0.6 + 0.8 * (j - 1) / max(1, npsu[[h]] - 1)), 4),
      stringsAsFactors = FALSE)
  }
}
smp <- do.call(rbind, rows)
smp$w[12] <- 0                                  # one zero-weight row
smp$y[c(7, 40, 77)] <- NA                       # a few missing y (na.rm=TRUE semantics)
smp$w <- round(smp$w, 2)
smp$y <- round(smp$y, 3)
# secondary units (no random draw, so the values above are unchanged): PSU j of a stratum holds 2, 3 or 1
# SSUs by j mod 3 (one SSU: a lonely unit at stage 2), its rows in consecutive blocks of near-equal size
smp$ssu <- NA_character_
for (key in unique(paste(smp$stratum, smp$psu))) {
  idx <- which(paste(smp$stratum, smp$psu) == key)
  k <- c(2, 3, 1)[(as.integer(smp$psu[idx[1]]) - 1) %% 3 + 1]
  smp$ssu[idx] <- paste0("C", pmin(k, floor((seq_along(idx) - 1) * k / length(idx)) + 1))
}

fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
csv <- data.frame(stratum = smp$stratum, psu = smp$psu, w = sprintf("%.2f", smp$w),
  y = ifelse(is.na(smp$y), "NA", sprintf("%.3f", smp$y)), yb = smp$yb, province = smp$province,
  fpc_pop = smp$fpc_pop, fpc_frac = fmt(smp$fpc_frac), prob = sprintf("%.4f", smp$prob), ssu = smp$ssu,
  stringsAsFactors = FALSE)
sample_file <- file.path(outdir, "sample.csv")
write.csv(csv, sample_file, row.names = FALSE, quote = FALSE)
smp <- read.csv(sample_file, colClasses = c(stratum = "character", psu = "character",
  province = "character", ssu = "character"))
# sanity: no PSU has all y missing (R would then drop it from the NA-removed design)
stopifnot(all(tapply(!is.na(smp$y), paste(smp$stratum, smp$psu), any)))

# ---------------------------------------------------------------- 2. estimates
# deff.svyby() fails for deff="replace" in survey 4.1.1, so that column is read as DEff.y.
out <- list()
emit <- function(case, domain, statistic, value) {
  value <- as.vector(unname(value))
  stopifnot(length(value) == 1)
  out[[length(out) + 1]] <<- data.frame(case = case, domain = domain, statistic = statistic,
    value = if (is.character(value)) value else fmt(value), stringsAsFactors = FALSE)
}

make_design <- function(fpc) {
  if (fpc == "nofpc") svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, data = smp)
  else if (fpc == "fpcpop") svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE,
                                      fpc = ~fpc_pop, data = smp)
  else svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE, fpc = ~fpc_frac, data = smp)
}

# svyglm (inside svyciprop) warns that the zero-weight row is "not used for calculating
# dispersion"; that is expected (dispersion plays no part in the design-based variance): muffle it.
quiet_glm <- function(expr) withCallingHandlers(expr, warning = function(w) {
  if (grepl("zero weight not used for calculating dispersion", conditionMessage(w)))
    invokeRestart("muffleWarning")
})

emit_mean <- function(case, dom, est, se, var, deffr, deffw, cin, cit) {
  emit(case, dom, "y_mean", est); emit(case, dom, "y_se", se); emit(case, dom, "y_var", var)
  emit(case, dom, "y_deff_replace", deffr); emit(case, dom, "y_deff_wor", deffw)
  emit(case, dom, "y_ci_normal_low", cin[1]); emit(case, dom, "y_ci_normal_high", cin[2])
  emit(case, dom, "y_ci_t_low", cit[1]); emit(case, dom, "y_ci_t_high", cit[2])
}
emit_prop <- function(case, dom, p, se, ci) {
  emit(case, dom, "yb_mean", p); emit(case, dom, "yb_se", se)
  emit(case, dom, "yb_ci_logit_low", ci[1]); emit(case, dom, "yb_ci_logit_high", ci[2])
}

timing <- system.time({
for (lonely in c("remove", "certainty", "adjust", "average")) {
  for (fpc in c("nofpc", "fpcpop", "fpcfrac")) {
    options(survey.lonely.psu = lonely)
    case <- paste(lonely, fpc, sep = "_")
    des <- make_design(fpc)
    df <- degf(des)
    emit(case, "ALL", "degf", df)
    r1 <- svyby(~y, ~province, des, svymean, na.rm = TRUE, deff = "replace",
                vartype = c("se", "var"))
    r2 <- svyby(~y, ~province, des, svymean, na.rm = TRUE, deff = TRUE)
    cin <- confint(r1)
    cit <- confint(r1, df = df)
    rp <- quiet_glm(svyby(~yb, ~province, des, svyciprop, vartype = c("se", "ci"),
                          method = "logit"))
    for (k in seq_len(nrow(r1))) {
      dom <- as.character(r1$province[k])
      emit_mean(case, dom, coef(r1)[k], SE(r1)[k], r1$var[k], r1$DEff.y[k], deff(r2)[k],
                cin[k, ], cit[k, ])
      kp <- match(dom, rp$province)
      emit_prop(case, dom, rp$yb[kp], rp$se[kp], c(rp$ci_l[kp], rp$ci_u[kp]))
    }
    m1 <- svymean(~y, des, na.rm = TRUE, deff = "replace")
    m2 <- svymean(~y, des, na.rm = TRUE, deff = TRUE)
    emit_mean(case, "ALL", coef(m1), SE(m1), vcov(m1)[1, 1], deff(m1), deff(m2),
              confint(m1)[1, ], confint(m1, df = df)[1, ])
    cp <- quiet_glm(svyciprop(~yb, des, method = "logit"))
    emit_prop(case, "ALL", coef(cp), SE(cp), attr(cp, "ci"))
  }
}

# ---------------------------------------------------------------- 3. lonely.psu = "fail"
options(survey.lonely.psu = "fail")
for (fpc in c("nofpc", "fpcpop")) {
  case <- paste("fail", fpc, sep = "_")
  des <- make_design(fpc)
  df <- degf(des)
  emit(case, "ALL", "degf", df)
  for (dom in c(provinces, "ALL")) {
    d <- if (dom == "ALL") des else des[des$variables$province %in% dom, ]
    res <- tryCatch({
      m1 <- svymean(~y, d, na.rm = TRUE, deff = "replace")
      m2 <- svymean(~y, d, na.rm = TRUE, deff = TRUE)
      cp <- quiet_glm(svyciprop(~yb, d, method = "logit"))
      list(m1 = m1, m2 = m2, cp = cp)
    }, error = function(e) e)
    if (inherits(res, "error")) {
      msg <- conditionMessage(res)
      stopifnot(grepl("has only one PSU", msg))
      emit(case, dom, "error_stratum", sub("^Stratum \\((.*)\\) has only one PSU.*$", "\\1", msg))
    } else {
      emit_mean(case, dom, coef(res$m1), SE(res$m1), vcov(res$m1)[1, 1], deff(res$m1),
                deff(res$m2), confint(res$m1)[1, ], confint(res$m1, df = df)[1, ])
      emit_prop(case, dom, coef(res$cp), SE(res$cp), attr(res$cp, "ci"))
    }
  }
}

# ---------------------------------------------------------------- 4. PPS without replacement
smp$upsu <- paste(smp$stratum, smp$psu, sep = ".")
smp$snum <- as.integer(sub("^S", "", smp$stratum))
smp$rid <- seq_len(nrow(smp))
smp$zero <- 0
stopifnot(all(tapply(smp$prob, smp$upsu, function(p) length(unique(p)) == 1)))
ratio_domain <- function(des, dom) {
  inside <- !is.na(smp$y) & (dom == "ALL" | smp$province == dom)
  des <- update(des, y_d = ifelse(inside, smp$y, 0), m_d = as.numeric(inside))
  r <- svyratio(~y_d, ~m_d, des)
  c(mean = coef(r)[[1]], var = r$var[1, 1])
}
# the ratio form is svyby's domain mean: check on the ordinary design
options(survey.lonely.psu = "certainty")
chk <- svyby(~y, ~province, make_design("fpcfrac"), svymean, na.rm = TRUE)
for (k in seq_len(nrow(chk))) {
  rd <- ratio_domain(make_design("fpcfrac"), as.character(chk$province[k]))
  stopifnot(isTRUE(all.equal(unname(rd[["mean"]]), unname(coef(chk)[k]), tolerance = 1e-12)),
            isTRUE(all.equal(unname(sqrt(rd[["var"]])), unname(SE(chk)[k]), tolerance = 1e-12)))
}
pps_design_of <- function(pps) {
  if (pps == "brewer") svydesign(ids = ~psu, strata = ~stratum, weights = ~w, nest = TRUE,
                                 fpc = ~prob, pps = "brewer", data = smp)
  else if (pps == "brewer2") svydesign(ids = ~psu + rid, strata = ~stratum, weights = ~w, nest = TRUE,
                                       fpc = ~prob + zero, pps = "brewer", data = smp)
  else if (pps == "brewerssu") svydesign(ids = ~psu + ssu, strata = ~stratum, weights = ~w, nest = TRUE,
                                         fpc = ~prob + zero, pps = "brewer", data = smp)
  else if (pps == "overton") svydesign(ids = ~upsu, strata = ~snum, probs = ~prob, fpc = ~prob,
                                       pps = "overton", data = smp)
  else svydesign(ids = ~upsu, strata = ~snum, probs = ~prob, fpc = ~prob, pps = HR(), data = smp)
}
for (case in c("certainty_brewer", "adjust_brewer", "certainty_brewer2", "adjust_brewer2",
               "certainty_brewerssu", "adjust_brewerssu", "certainty_overton", "certainty_hr")) {
  parts <- strsplit(case, "_")[[1]]
  options(survey.lonely.psu = parts[1])
  des <- pps_design_of(parts[2])
  for (dom in c(provinces, "ALL")) {
    rd <- ratio_domain(des, dom)
    emit(case, dom, "y_mean", rd[["mean"]]); emit(case, dom, "y_var", rd[["var"]])
    emit(case, dom, "y_se", sqrt(rd[["var"]]))
  }
}
options(survey.lonely.psu = NULL)
})

res <- do.call(rbind, out)
write.csv(res, file.path(outdir, "expected.csv"), row.names = FALSE, quote = FALSE)
cat(sprintf("R %s, survey %s: wrote %d rows (%d sample rows) to %s in %.2f s\n",
  paste(R.version$major, R.version$minor, sep = "."), packageVersion("survey"), nrow(res),
  nrow(smp), outdir, timing[["elapsed"]]))
