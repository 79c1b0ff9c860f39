"""Rounds: the quarterly collection cycles (季度信息采集), their deadlines, locks and completion."""
