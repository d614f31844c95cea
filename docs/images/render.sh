#!/bin/sh
# Regenerates the PNGs in this folder (needs LibreOffice writer + calc and poppler-utils),
# from a review of a small bid package: a QASP (PDF with a table) and a Common Paper
# agreement (DOCX). Run from the repository root: sh docs/images/render.sh
set -e
out=$(mktemp -d)
C=../shared/corpus/docs
mkdir "$out/package"
cp "$C/commonpaper_csa_with_sla_orderform.docx" "$C/software_dev_qasp_aql.pdf" "$out/package/"
.venv/bin/candor review "$out/package" -c examples/capacity.yaml -o "$out/review" > /dev/null 2>&1
R="$out/review"
cp "$R/commonpaper_csa_with_sla_orderform.docx/redline.docx" "$out/redline.docx"
cp "$R/software_dev_qasp_aql.pdf/redline.docx" "$out/rendition.docx"
cp "$R/matrix.xlsx" "$out/matrix.xlsx"
cp "$R/report.html" "$out/package.html"
cp "$R/software_dev_qasp_aql.pdf/report.html" "$out/report.html"
cp "$R/software_dev_qasp_aql.pdf/annotated.pdf" "$out/annotated.pdf"
(cd "$out" && soffice --headless --convert-to pdf redline.docx rendition.docx matrix.xlsx > /dev/null 2>&1)
# HTML through Writer/Web, as a browser lays it out (Calc, when installed, would take the tables)
(cd "$out" && soffice --headless --infilter="HTML (StarWriter)" --convert-to pdf:writer_web_pdf_Export report.html package.html > /dev/null 2>&1)
pdftoppm -r 80 -png -singlefile "$out/redline.pdf" docs/images/redline-docx
pdftoppm -r 80 -png -singlefile "$out/rendition.pdf" docs/images/rendition-docx
pdftoppm -r 90 -png -singlefile "$out/annotated.pdf" docs/images/annotated-pdf
pdftoppm -r 90 -png -singlefile "$out/matrix.pdf" docs/images/matrix-xlsx
pdftoppm -r 80 -png -singlefile "$out/report.pdf" docs/images/report-html
pdftoppm -r 80 -png -singlefile "$out/package.pdf" docs/images/package-html
for f in matrix report package rendition; do echo "$f: $(pdfinfo "$out/$f.pdf" | awk '/^Pages/ {print $2}') pages"; done
rm -rf "$out"
