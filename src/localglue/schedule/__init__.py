"""Time for the engines of one gateway: AWS cron expressions, a clock per account, the tick loop.

Crawler schedules and workflow SCHEDULED triggers both run on it (`CronTimes` tells which are due);
event batch windows close on its ticks.
"""
