"""The calendar worded: the plan's sentence for section 四（一） (how the per-person workdays
come about), from :class:`~planlib.core.calendar.YearCalendar`'s counts."""

from __future__ import annotations

from planlib.core.calendar import HOLIDAYS_BEFORE_2008, HOLIDAYS_BEFORE_2025, HOLIDAYS_FROM_2025, YearCalendar

# The holidays each law's count names, as a plan writes them.
HOLIDAY_NAMES = {
    HOLIDAYS_BEFORE_2008: "元旦、春节、五一、国庆",
    HOLIDAYS_BEFORE_2025: "元旦、春节、五一、端午、国庆",  # as the reference plan writes it
    HOLIDAYS_FROM_2025: "元旦、春节、清明、五一、端午、中秋、国庆",
}


def calendar_sentence(cal: YearCalendar) -> str:
    """The plan's own sentence for section 四（一）."""
    if cal.mode == "official" and not cal.overridden:
        names = f"（{'、'.join(cal.holiday_names)}）" if cal.holiday_names else ""
        return (
            f"按国务院办公厅放假安排，{cal.year}年全年共{cal.days}天，有{cal.weeks}周，"
            f"双休日{cal.weekend_days}天，工作日放假{cal.statutory_holidays}天{names}，"
            f"调休上班{cal.makeup_workdays}天。国家法定工作日={cal.days}-{cal.weekend_days}-"
            f"{cal.statutory_holidays}+{cal.makeup_workdays}={cal.workdays_per_person}个工作日。"
        )
    names = HOLIDAY_NAMES.get(cal.statutory_holidays, "元旦、春节")
    head = (
        f"{cal.year}年全年共{cal.days}天，有{cal.weeks}周，双休日{cal.weekend_days}天，"
        f"{names}等法定假日共计{cal.statutory_holidays}天"
    )
    if cal.overridden:
        return f"{head}。国家法定工作日按{cal.workdays_per_person}个工作日计算（按日历应为{cal.computed_workdays}个）。"
    return (
        f"{head}。国家法定工作日={cal.days}-{cal.weekend_days}-{cal.statutory_holidays}"
        f"={cal.workdays_per_person}个工作日。"
    )
