"""Charts for reports: Making Data Count SPC charts, sparklines and the summary chart."""

from pmaf_lib.report.charts.sparkline import sparkline
from pmaf_lib.report.charts.spc_chart import spc_chart
from pmaf_lib.report.charts.summary_chart import summary_chart

__all__ = ["sparkline", "spc_chart", "summary_chart"]
