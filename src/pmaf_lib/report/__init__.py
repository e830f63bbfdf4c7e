"""What reports show: charts, alt text and safe HTML building blocks, and whole report
sections assembled from an ``Evaluation``. Every function returns an HTML string
(:class:`~pmaf_lib.report.html.Html`, which notebooks display directly)."""
