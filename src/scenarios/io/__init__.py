"""Files for other programs and people: the export folder (CSV, JSON, Markdown and its data
package), the workbook, and the spreadsheets read by `import` and `new`. It imports every layer
below it (`core` to `reporting`, whose words the workbook's Arabic headings reuse).
"""
