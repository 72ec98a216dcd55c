resource "aws_glue_catalog_database" "this" {
  name        = var.database_name
  description = "User events as crawled from S3, and the lag per event computed from them."
}

# Every column of the event files is a string, so Glue's built-in CSV classifier cannot tell the header
# row from data and would name the columns col0, col1, col2: this classifier states that a header exists.
resource "aws_glue_classifier" "csv_with_header" {
  name = "${var.name_prefix}-csv-with-header"

  csv_classifier {
    contains_header = "PRESENT"
    delimiter       = ","
    quote_symbol    = "\""
  }
}
