#!/bin/sh
# Regenerates the PNGs in this folder (needs LibreOffice writer + calc and poppler-utils).
# Run from the repository root: sh docs/images/render.sh
set -e
out=$(mktemp -d)
C=../shared/corpus/docs
.venv/bin/candor review "$C/commonpaper_csa_with_sla_orderform.docx" "$C/software_dev_qasp_aql.pdf" \
  -c examples/capacity.yaml -o "$out/review" > /dev/null
cp "$out/review/commonpaper_csa_with_sla_orderform.docx/redline.docx" "$out/redline.docx"
cp "$out/review/software_dev_qasp_aql.pdf/matrix.xlsx" "$out/matrix.xlsx"
cp "$out/review/software_dev_qasp_aql.pdf/report.html" "$out/report.html"
cp "$out/review/software_dev_qasp_aql.pdf/annotated.pdf" "$out/annotated.pdf"
(cd "$out" && soffice --headless --convert-to pdf redline.docx matrix.xlsx report.html > /dev/null 2>&1)
pdftoppm -r 80 -png -singlefile "$out/redline.pdf" docs/images/redline-docx
pdftoppm -r 90 -png -singlefile "$out/annotated.pdf" docs/images/annotated-pdf
pdftoppm -r 90 -png -singlefile "$out/matrix.pdf" docs/images/matrix-xlsx
pdftoppm -r 80 -png -singlefile "$out/report.pdf" docs/images/report-html
rm -rf "$out"
