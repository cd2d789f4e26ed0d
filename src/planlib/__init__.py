"""planlib: annual supervision-inspection plans (安全生产年度监督检查计划) of work-safety regulators.

From an Excel workbook of staffing and three-year workday history, planlib computes how many
workdays the enforcement officers have, how many go to other enforcement work and to
non-enforcement time, and so how many inspections, key and general, each unit can make; it
checks the plan against the rules of the national method and writes the plan's figures.

Modules, from the domain core outwards: ``model`` (the plan's inputs), ``calendar``,
``estimation``, ``allocation``, ``compute`` (the plan computation), ``rules``, ``contract``
(the public JSON); then ``workbook`` (Excel input), the reporting, chart and widget modules,
and ``cli``.

Glossary (术语):

=====================  ==========================  =============================================
Chinese                identifier                  meaning
=====================  ==========================  =============================================
国家法定工作日          ``workdays_per_person``     statutory workdays of one officer in the year
双休日                  ``weekend_days``            Saturdays and Sundays
法定假日                ``statutory_holidays``      full-citizen statutory holidays (11, 13 from 2025)
调休                    ``makeup_workdays``         weekend days worked under the official arrangement
在册定编人数            ``headcount``               staff on the establishment register
执法人员                ``enforcement_staff``       officers counted in the plan
总法定工作日            ``total_workdays``          workdays_per_person × enforcement_staff
其他执法工作日          ``other_enforcement``       enforcement work other than inspections
非执法工作日            ``non_enforcement``         duty, training, leave, party work …
监督检查工作日          ``inspection_workdays``     total − other enforcement − non-enforcement
重点检查                ``key_inspections``         inspections of units on the key-unit register
一般检查                ``general_inspections``     other inspections, mostly drawn at random
双随机                  ``random_min``              random target and random inspectors (≥ 80%)
管理对象基数            ``entity_base``             supervised entities
计划检查比例            ``plan_ratio``              planned inspections ÷ entity base
执法单位                ``Unit``                    an enforcement section (科) or brigade (队)
测算方法                ``method``                  填报 / 三年平均 / 三年人均 / 上年
=====================  ==========================  =============================================
"""

__version__ = "0.1.0"
