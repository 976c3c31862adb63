"""Deterministic demo data: 2022 campaign ledgers for 湛河区 that look hand-made.

    python -m safetyboard.demo [OUT_DIR]        (default: data/sample/ of the repo)

The generator first draws a clean "truth" (enterprises, hazards, cases, visits, ...) from
numpy.random.default_rng(seed), then renders it into Excel/CSV files the way offices type them:
title rows, merged two-row headers, column-number rows, blank rows, 合计 rows, notes, aliases,
dates typed many ways. A few deliberately bad rows are placed at the fixed positions listed in
KNOWN_BAD_ROWS; expected_counts() gives the number of valid rows per ledger type.
Same seed -> same files, byte for byte (no wall-clock time is written).
"""
from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import xlsxwriter

# ------------------------------------------------------------------ campaign constants

YEAR = 2022
START = date(2022, 4, 1)
AS_OF = date(2022, 11, 30)                 # data "as of": no recorded event is later than this
RECHECK_START, RECHECK_END = date(2022, 10, 1), date(2022, 10, 31)
NODES = [(1, date(2022, 4, 25)), (2, date(2022, 5, 25)), (3, date(2022, 10, 25))]
NODE_WRITTEN = {1: ["4月25日", "第一次", "04-25", "第1次"], 2: ["5月25日", "第二次", "05-25", "第2次"],
                3: ["10月25日", "第三次", "10-25", "第3次"]}
FILL_DATE_TEXT = "2022年11月30日"
WORKBOOK_CREATED = datetime(2022, 11, 30, 17, 30, 0)   # fixed workbook metadata
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data" / "sample"

N_ENTERPRISES = 2000
N_HAZARDS = 6000
N_CASES = 400
N_TIPS = 300

# (canonical name, short code used in 隐患编号, aliases as written, relative size)
UNITS = [
    ("马庄街道", "MZ", ["马庄街道办事处", "马庄", "马庄办事处"], 1.20),
    ("南环路街道", "NHL", ["南环路街道办事处", "南环路", "南环路办事处"], 1.10),
    ("姚孟街道", "YM", ["姚孟街道办事处", "姚孟", "姚孟办事处"], 1.00),
    ("九里山街道", "JLS", ["九里山街道办事处", "九里山", "九里山办事处"], 0.95),
    ("轻工路街道", "QGL", ["轻工路街道办事处", "轻工路", "轻工路办事处"], 1.10),
    ("高阳路街道", "GYL", ["高阳路街道办事处", "高阳路", "高阳路办事处"], 1.00),
    ("北渡街道", "BD", ["北渡街道办事处", "北渡", "北渡办事处"], 0.90),
    ("荆山街道", "JS", ["荆山街道办事处", "荆山", "荆山办事处"], 0.70),
    ("河滨街道", "HB", ["河滨街道办事处", "河滨", "河滨办事处"], 0.80),
    ("曹镇乡", "CZ", ["曹镇乡人民政府", "曹镇", "曹镇乡政府"], 0.95),
]
UNIT_NAMES = [u[0] for u in UNITS]
UNIT_ALIASES = {u[0]: u[2] for u in UNITS}

# member departments, with a short alias used now and then
DEPARTMENTS = {
    "应急管理局": "应急局", "住房和城乡建设局": "住建局", "交通运输局": "交通局", "消防救援大队": "消防大队",
    "市场监督管理局": "市场监管局", "公安分局": "公安湛河分局", "教育体育局": "教体局", "民政局": None,
    "发展和改革委员会": "发改委", "工业和信息化局": "工信局", "人力资源和社会保障局": "人社局",
    "城市管理局": "城管局", "商务局": None, "文化广电和旅游局": "文广旅局", "卫生健康委员会": "卫健委",
    "农业农村局": "农业局", "水利局": None, "自然资源局": "自然资源分局", "生态环境分局": "生态环境局",
}
DEPT_NAMES = list(DEPARTMENTS)

CATEGORIES = {
    1: "无证、证照不全或过期、超许可范围生产经营", 2: "买卖、转让、出租、出借或伪造许可证",
    3: "暂扣证照或停产整顿期间擅自生产经营", 4: "关闭取缔后擅自生产经营",
    5: "未通过复工复产验收擅自生产经营", 6: "不具备安全生产条件生产经营", 7: "重大隐患不按时按要求整改",
    8: "特种作业人员未持证上岗", 9: "违法发包、出租给不具备条件或资质的单位或个人", 10: '未落实"五到位"主体责任',
}
CATEGORY_WEIGHTS = {0: 25, 1: 12, 2: 2, 3: 2, 4: 1, 5: 2, 6: 25, 7: 8, 8: 12, 9: 4, 10: 7}

GROUPS = ["第一督导组", "第二督导组", "第三督导组", "第四督导组", "第五督导组", "第六督导组"]
CN_NUM = "一二三四五六"
# illustrative 分工: each group covers 1-2 乡/街道 and 3-4 departments
ASSIGNMENT = {
    1: (["马庄街道", "南环路街道"], ["应急管理局", "住房和城乡建设局", "交通运输局", "消防救援大队"]),
    2: (["姚孟街道", "九里山街道"], ["市场监督管理局", "公安分局", "教育体育局"]),
    3: (["轻工路街道", "高阳路街道"], ["民政局", "发展和改革委员会", "工业和信息化局"]),
    4: (["北渡街道", "荆山街道"], ["人力资源和社会保障局", "城市管理局", "商务局"]),
    5: (["河滨街道"], ["文化广电和旅游局", "卫生健康委员会", "农业农村局"]),
    6: (["曹镇乡"], ["水利局", "自然资源局", "生态环境分局"]),
}
GROUP_LEADERS = ["区人大常委会副主任", "区政协副主席", "区政府党组成员", "区人大常委会副主任", "区政协副主席", "区政府党组成员"]
# 回头看 targets NOT reached by their own group inside October (coverage differs by group)
RECHECK_MISSED = {2: ["公安分局", "教育体育局"], 3: ["发展和改革委员会"], 5: ["农业农村局"], 6: ["水利局", "自然资源局"]}
# traps: a late 回头看 (outside the window) and a 回头看 of a missed target by another group
RECHECK_LATE = (5, "农业农村局", date(2022, 11, 2))
RECHECK_OTHER_GROUP = (3, "水利局", date(2022, 10, 20))

# industry: (regulator, share of enterprises, extra-hazard rate, share 重大)
INDUSTRIES = {
    "工贸": ("应急管理局", 0.20, 1.3, 0.035),
    "商贸": ("商务局", 0.14, 0.6, 0.01),
    "消防": ("消防救援大队", 0.13, 1.0, 0.03),
    "建筑施工": ("住房和城乡建设局", 0.08, 1.6, 0.05),
    "道路交通运输": ("交通运输局", 0.07, 0.9, 0.03),
    "燃气": ("城市管理局", 0.07, 0.9, 0.04),
    "危险化学品": ("应急管理局", 0.05, 2.0, 0.07),
    "特种设备": ("市场监督管理局", 0.05, 1.0, 0.03),
    "文化旅游": ("文化广电和旅游局", 0.05, 0.7, 0.015),
    "教育": ("教育体育局", 0.05, 0.8, 0.015),
    "医疗卫生": ("卫生健康委员会", 0.05, 0.8, 0.015),
    "农业机械": ("农业农村局", 0.04, 0.5, 0.01),
    "水利": ("水利局", 0.02, 0.6, 0.02),
}
INDUSTRY_ALIASES = {"危险化学品": "危化品", "道路交通运输": "道路运输", "商贸": "商场超市", "文化旅游": "文旅"}

# name suffix -> entity type of the credit code (91 company, 92 sole trader, 93 co-op, 12 public body, 52 private non-profit)
NAME_SUFFIXES = {
    "危险化学品": [("化工有限公司", "91"), ("气体有限公司", "91"), ("石化加油站", "91"), ("化工产品销售有限公司", "91"), ("涂料有限公司", "91")],
    "工贸": [("机械制造有限公司", "91"), ("铸造有限公司", "91"), ("耐火材料有限公司", "91"), ("建材有限公司", "91"),
           ("纺织有限公司", "91"), ("食品有限公司", "91"), ("木业有限公司", "91"), ("金属制品有限公司", "91"), ("电气设备有限公司", "91")],
    "建筑施工": [("建筑工程有限公司", "91"), ("建设工程有限公司", "91"), ("建筑安装工程有限公司", "91"), ("市政工程有限公司", "91")],
    "道路交通运输": [("物流有限公司", "91"), ("运输有限公司", "91"), ("汽车客运有限公司", "91"), ("货运有限公司", "91")],
    "消防": [("宾馆", "92"), ("大酒店有限公司", "91"), ("KTV", "92"), ("商务酒店", "92"), ("洗浴中心", "92"), ("影城有限公司", "91")],
    "燃气": [("燃气有限公司", "91"), ("液化气站", "92"), ("天然气有限公司", "91"), ("餐饮店", "92"), ("饭店", "92")],
    "特种设备": [("电梯工程有限公司", "91"), ("锅炉安装有限公司", "91"), ("起重设备有限公司", "91"), ("气体充装站", "91")],
    "文化旅游": [("旅行社有限公司", "91"), ("网吧", "92"), ("文化传媒有限公司", "91"), ("游乐园", "91")],
    "教育": [("幼儿园", "52"), ("培训学校", "52"), ("小学", "12"), ("中学", "12")],
    "医疗卫生": [("诊所", "92"), ("医院", "52"), ("社区卫生服务中心", "12"), ("口腔诊所", "92"), ("大药房", "91")],
    "商贸": [("商贸有限公司", "91"), ("超市", "92"), ("百货商行", "92"), ("建材商行", "92"), ("批发部", "92")],
    "农业机械": [("农机专业合作社", "93"), ("种植专业合作社", "93"), ("农机服务有限公司", "91")],
    "水利": [("水利工程有限公司", "91"), ("供水有限公司", "91"), ("灌区管理站", "12")],
}
TRADE_CHARS = ("鑫瑞华盛恒兴达宏源泰祥昌隆丰裕博诚信德利安康宇通远金银龙凤天海新嘉豪顺旺发福永佳鸿润星辰明光"
               "创峰晟鼎森鹰平中奥亿万方东合和众志骏耀晨阳春秋正邦汇聚联君腾飞跃展锦绣凯旋启航建国富贵荣升")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰新民志鹏飞波辉宁春梅海燕东亮林斌凯婷晓峰"

# hazard descriptions: ordinary ones may contain {loc}; 重大 ones are fixed texts
HAZARD_TEXTS = {
    "危险化学品": (["储罐区", "装卸区", "仓库", "生产车间", "加油区"],
                ["{loc}可燃气体报警装置未定期检测", "{loc}防火堤内堆放杂物", "危险化学品未分类分区存放", "装卸作业未设置静电接地装置",
                 "特种作业人员操作证过期", "安全阀未按期校验", "应急演练记录不全", "{loc}防爆电气设备防爆性能失效", "加油机静电接地线断开",
                 "安全警示标志缺失", "{loc}消防器材配置不足"],
                ["涉及重点监管危险化工工艺的装置未实现自动化控制", "构成重大危险源的罐区未实现紧急切断功能",
                 "甲类仓库与周边建筑防火间距不足", "液化烃储罐未设置紧急切断阀"]),
    "工贸": (["一号车间", "二号车间", "仓库", "配电室", "成品库", "原料库"],
           ["{loc}配电箱未上锁，电线私拉乱接", "冲床光电保护装置失效", "砂轮机防护罩缺失", "{loc}安全出口堵塞",
            "有限空间未设置安全警示标识", "{loc}积尘未及时清扫", "员工未佩戴劳动防护用品", "安全生产教育培训记录不完善",
            "机械设备传动部位防护罩缺失", "{loc}灭火器过期未更换", "叉车未定期检验"],
           ["粉尘爆炸危险场所除尘系统未设置泄爆装置", "有限空间作业未执行先通风、再检测、后作业要求",
            "熔融金属吊运未使用冶金起重机", "铝镁粉尘除尘系统采用正压吹送"]),
    "建筑施工": (["1#楼", "2#楼", "3#楼", "5#楼", "地下车库", "基坑"],
             ["{loc}临边防护栏杆缺失", "施工现场临时用电未做到一机一闸一漏", "{loc}脚手架连墙件设置不足", "{loc}预留洞口未覆盖防护",
              "施工人员未正确佩戴安全帽", "现场消防器材配备不足", "基坑周边堆载超过规定", "卸料平台未设置限载标识",
              "{loc}安全网破损未更换", "塔吊司机未持证上岗"],
             ["深基坑未按专项施工方案施工", "高大模板支撑体系未经验收即浇筑混凝土", "塔式起重机未经验收即投入使用",
              "附着式升降脚手架防坠落装置失效"]),
    "道路交通运输": (["停车场", "维修车间", "调度室", "客运站"],
                ["车辆动态监控平台未落实专人监控", "驾驶员未按规定进行安全教育培训", "{loc}车辆灭火器过期", "营运车辆未按期进行二级维护",
                 "客运站安检设备未正常使用", "危险货物运输车辆未随车携带应急处置卡", "驾驶员超时驾驶未及时纠正", "{loc}安全警示标志缺失"],
                ["危险货物运输车辆罐体检验过期仍在营运", "使用报废车辆从事道路运输经营"]),
    "消防": (["一楼大厅", "二楼走廊", "地下室", "楼梯间", "后厨", "三楼"],
           ["{loc}疏散通道堆放杂物", "{loc}应急照明灯不亮", "灭火器压力不足", "{loc}安全出口指示标志损坏", "消防控制室值班人员未持证",
            "电动自行车在楼道内充电", "{loc}常闭式防火门处于常开状态", "自动喷水灭火系统末端试水压力不足", "消防设施未定期维护保养"],
           ["人员密集场所安全出口数量不足", "火灾自动报警系统处于故障状态不能正常运行", "室内消火栓系统无水"]),
    "燃气": (["后厨", "操作间", "调压站", "储瓶间"],
           ["{loc}未安装可燃气体报警装置", "液化石油气钢瓶与灶具间距不足", "燃气软管老化", "{loc}燃气管道被违规包封",
            "液化气钢瓶未固定存放", "使用超期未检钢瓶", "{loc}未安装燃气泄漏切断装置"],
           ["燃气场站安全间距不足", "在地下室使用液化石油气"]),
    "特种设备": (["1号电梯", "锅炉房", "生产车间", "仓库"],
             ["电梯维保记录不全", "压力容器未按期检验", "{loc}起重机械限位装置失效", "叉车司机无证作业", "锅炉安全阀未校验",
              "气瓶充装记录不完整", "特种设备使用登记证未悬挂"],
             ["使用未经检验的压力容器", "电梯制动器失效仍在运行"]),
    "文化旅游": (["大厅", "包间", "游乐区", "停车场"],
             ["{loc}安全出口指示不清", "网吧未按规定配备灭火器材", "游乐设施未定期检查", "旅行社未与租用车辆签订安全协议",
              "{loc}疏散示意图缺失"],
             ["游乐设施超期未检验仍投入运营"]),
    "教育": (["教学楼", "宿舍楼", "食堂", "实验室", "操场"],
           ["{loc}楼梯扶手松动", "校车安全检查记录不全", "食堂燃气报警器故障", "实验室危险化学品未双人双锁管理",
            "{loc}电线私拉乱接", "校园围墙局部破损"],
           ["学生宿舍安全出口被锁闭", "D级危房仍在使用"]),
    "医疗卫生": (["门诊楼", "住院部", "药库", "配电室"],
             ["医用氧气瓶未固定", "{loc}消防通道堵塞", "医疗废物暂存间未落实防渗措施", "{loc}堆放杂物", "病房内违规使用大功率电器"],
             ["住院楼自动喷水灭火系统瘫痪"]),
    "商贸": (["卖场", "仓库", "冷库", "门店"],
           ["{loc}货架摆放堵塞疏散通道", "冷库门内无应急开启装置", "{loc}电线未穿管保护", "员工安全培训不到位", "{loc}灭火器过期未更换"],
           ["商场营业期间将安全出口上锁"]),
    "农业机械": (["机库", "场院"],
             ["拖拉机未按期年检", "农机驾驶人未取得驾驶证", "收割机安全防护装置缺失", "{loc}未配备消防器材"],
             ["变型拖拉机违规载人"]),
    "水利": (["泵站", "闸门", "渠道"],
           ["{loc}警示标志缺失", "{loc}护栏损坏", "防汛物资储备不足", "值班记录不全"],
           ["病险水闸未除险加固仍在运行"]),
}
MEASURES_TEXT = ["立即清理，保持畅通", "更换失效设施并定期检查", "组织全员安全培训并建立台账", "委托有资质单位检测",
                 "完善管理制度并落实专人负责", "整改到位并经复查合格", "停止使用，检验合格后投用", "加装防护装置"]
MAJOR_MEASURES = ["制定专项治理方案，停产整改", "委托设计单位出具整改方案，分步实施", "局部停产，限期完成改造",
                  "聘请专家论证，按方案整改"]
PLANS = ["已制定", "有", "已制定专项应急预案", "已制定现场处置方案"]
DISCOVERY = (["企业自查", "部门检查", "督导检查", "举报", "专家会诊"], [0.40, 0.34, 0.11, 0.05, 0.10])
FOUND_MONTH_P = {4: 0.09, 5: 0.15, 6: 0.16, 7: 0.12, 8: 0.11, 9: 0.13, 10: 0.14, 11: 0.10}

ENFORCEMENT_DEPTS = {  # department: (share of cases, case-number stem)
    "应急管理局": (22, "湛应急罚"), "住房和城乡建设局": (12, "湛建罚"), "交通运输局": (9, "湛交罚"),
    "消防救援大队": (15, "湛消行罚决字"), "市场监督管理局": (11, "湛市监罚"), "公安分局": (5, "湛公（治）行罚决字"),
    "城市管理局": (6, "湛城管罚"), "文化广电和旅游局": (4, "湛文旅罚"), "教育体育局": (2, "湛教体罚"),
    "卫生健康委员会": (3, "湛卫医罚"), "商务局": (3, "湛商务罚"), "农业农村局": (2, "湛农罚"), "水利局": (1, "湛水罚"),
    "自然资源局": (2, "湛自然资源罚"), "生态环境分局": (3, "湛环罚"),
}
# (department, quarter) that reported no 典型案例
TYPICAL_SHORT = {("自然资源局", 2), ("自然资源局", 3), ("水利局", 3), ("农业农村局", 2), ("教育体育局", 4), ("商务局", 4)}
PENALTY_P = {"罚款": 0.80, "责令改正": 0.55, "警告": 0.15, "停产停业整顿": 0.08, "关闭取缔": 0.03, "暂扣证照": 0.03,
             "吊销证照": 0.01, "查封扣押": 0.06, "移送司法": 0.02, "联合惩戒": 0.02}
VIOLATIONS = {
    1: "未取得安全生产许可证擅自从事生产经营活动", 2: "出借安全生产许可证", 3: "责令停产整顿期间擅自恢复生产",
    4: "被依法关闭取缔后擅自恢复生产经营", 5: "未经复工复产验收擅自组织生产", 6: "不具备安全生产条件从事生产经营活动",
    7: "对重大事故隐患未按要求采取整改措施", 8: "特种作业人员未按规定经专门培训并取得相应资格上岗作业",
    9: "将工程发包给不具备相应资质的单位", 10: "主要负责人未履行安全生产管理职责",
    0: "未按规定对安全设备进行经常性维护保养", }
INDUSTRY_VIOLATIONS = {  # 行业专项 violations by industry
    "危险化学品": ["危险化学品未按规定分类储存", "未按规定设置可燃气体报警装置"],
    "工贸": ["未如实记录安全生产教育和培训情况", "未在有较大危险因素的场所设置明显的安全警示标志"],
    "建筑施工": ["施工现场临时用电不符合规范", "未按规定编制危大工程专项施工方案"],
    "道路交通运输": ["道路运输车辆未按规定进行维护", "未按规定对车辆实施动态监控"],
    "消防": ["消防设施、器材未保持完好有效", "堵塞、占用疏散通道"],
    "燃气": ["燃气用户未按规定安装燃气泄漏报警装置", "违规存放液化石油气钢瓶"],
    "特种设备": ["特种设备未按规定进行定期检验", "未按规定办理特种设备使用登记"],
}
GENERIC_VIOLATIONS = ["未按规定开展事故隐患排查治理", "未按规定对安全设备进行经常性维护保养", "堵塞、占用疏散通道"]
TIP_CATEGORY_BY_INDUSTRY = {"燃气": "燃气安全", "建筑施工": "建筑施工安全", "道路交通运输": "交通运输安全",
                            "消防": "消防通道堵塞", "商贸": "消防通道堵塞"}

MONTHLY_BASE = {  # department: typical 检查单位数 per month
    "应急管理局": 60, "住房和城乡建设局": 40, "交通运输局": 30, "消防救援大队": 80, "市场监督管理局": 50, "公安分局": 20,
    "教育体育局": 20, "民政局": 8, "发展和改革委员会": 3, "工业和信息化局": 10, "人力资源和社会保障局": 5, "城市管理局": 30,
    "商务局": 15, "文化广电和旅游局": 15, "卫生健康委员会": 15, "农业农村局": 10, "水利局": 5, "自然资源局": 8, "生态环境分局": 12,
}

TIP_CHANNELS = (["12350", "12345政务热线", "举报电话", "网站", "来信", "来访"], [0.25, 0.35, 0.15, 0.10, 0.08, 0.07])
TIP_CATEGORIES = ["非法生产经营", "重大事故隐患", "违规动火作业", "无证经营", "其他"]
TIP_PLACES = ["建设路与开源路交叉口门面房", "某小区地下车库", "湛河北路南侧废品收购站", "新华路东段一处院落", "姚电大道北侧空地"]


class BadRow(NamedTuple):
    file: str
    sheet: str      # worksheet name; for the CSV file its name without ".csv"
    row: int        # 1-based Excel row (CSV: 1-based line number)
    reason: str     # the field the row fails on, as the importer names it


# file name constants (the bad-row list and the writers share them)
F_HZ = "湛河区{}隐患排查整治台账（2022年11月）.xlsx"
F_HZ_CSV = "湛河区河滨街道隐患排查整治台账（2022年11月）.csv"
F_HZ_DEPT = "区住房和城乡建设局建筑施工领域隐患排查整治台账（2022年11月）.xlsx"
F_CASE_YJ = "区应急管理局行政执法案件台账（2022年）.xlsx"
F_CASE_XF = "区消防救援大队行政处罚案件台账（2022年）.xlsx"
F_CASE_ALL = "区安委会成员单位行政执法案件汇总表（2022年4-11月）.xlsx"
F_VISIT = "湛河区安委会督导组督导检查记录（2022年5-9月）.xlsx"
F_RECHECK = "湛河区安委会督导组“回头看”记录（2022年10月）.xlsx"
F_ASSIGN = "湛河区安委会督导组分工表（2022年）.xlsx"
F_MONTHLY = "湛河区打非治违专项行动月报汇总（2022年4-11月）.xlsx"
F_SUBMIT = "湛河区安全生产大检查自查报告报送情况登记表.xlsx"
F_TIPS = "湛河区安全生产举报受理台账（2022年）.xlsx"
F_PROBLEMS = "湛河区安委会督导组督导发现问题清单（2022年）.xlsx"
F_LISTINGS = "湛河区重大事故隐患挂牌督办登记表（2022年）.xlsx"
F_ACCOUNTABILITY = "湛河区安全生产约谈通报问责情况登记表（2022年）.xlsx"
F_REGISTER = "湛河区生产经营单位名录（2022年）.xlsx"
F_ACCIDENTS = "湛河区生产安全事故台账（2021-2022年）.xlsx"

# Deliberately invalid rows: (file, sheet, row) -> the bad value written ("" = required cell left empty).
# The importer must reject exactly these rows.
_BAD = {
    (F_HZ.format("马庄街道"), "隐患台账", 57, "隐患描述"): "",
    (F_HZ.format("南环路街道"), "Sheet1", 88, "发现日期"): "2022/13/45",
    (F_HZ.format("姚孟街道"), "隐患排查整治台账", 140, "隐患等级"): "较大",
    (F_HZ.format("九里山街道"), "Sheet1", 33, "单位名称"): "",
    (F_HZ.format("轻工路街道"), "台账", 211, "是否整改"): "",
    (F_HZ.format("高阳路街道"), "隐患台账", 95, "隐患等级"): "",
    (F_HZ.format("北渡街道"), "Sheet1", 120, "发现日期"): "4月31日",
    (F_HZ.format("荆山街道"), "Sheet1", 66, "发现日期"): "2022/13/45",
    (F_HZ_CSV, F_HZ_CSV.removesuffix(".csv"), 150, "所属乡(街道)"): "湛南街道",
    (F_HZ.format("曹镇乡"), "隐患排查", 180, "隐患描述"): "",
    (F_HZ_DEPT, "建筑施工", 45, "所属乡(街道)"): "湛南街道",
    (F_CASE_YJ, "执法台账", 30, "案件编号"): "",
    (F_CASE_ALL, "汇总", 100, "立案日期"): "2022/13/45",
    (F_VISIT, "督导检查", 20, "督导组"): "第七督导组",
    (F_RECHECK, "回头看", 12, "督导日期"): "2022/10/32",
    (F_MONTHLY, "7月", 10, "月份"): "2022年13月",
    (F_SUBMIT, "报送情况", 40, "报送节点"): "第四次",
    (F_TIPS, "受理台账", 100, "受理日期"): "2022-02-30",
    (F_PROBLEMS, "问题清单", 15, "复查日期"): "2022-05-02",      # before its 交办日期
    (F_LISTINGS, "挂牌督办", 9, "摘牌日期"): "2022-05-01",       # before its 挂牌日期
}
KNOWN_BAD_ROWS: list[BadRow] = [BadRow(*k) for k in _BAD]
BAD_VALUES: dict[tuple[str, str, int], str] = {k[:3]: v for k, v in _BAD.items()}


def _bad_rows_for(file: str, sheet: str) -> dict[int, tuple[str, str]]:
    """row -> (field, bad value) for one sheet."""
    return {k[2]: (k[3], v) for k, v in _BAD.items() if k[0] == file and k[1] == sheet}


# ------------------------------------------------------------------ small helpers

class Raw(str):
    """A cell value written exactly as is (bypasses per-file formatting)."""


def pick(rng: np.random.Generator, seq, p=None):
    return seq[int(rng.choice(len(seq), p=p))]


def chance(rng: np.random.Generator, p: float) -> bool:
    return bool(rng.random() < p)


def rand_date(rng: np.random.Generator, lo: date, hi: date) -> date:
    return lo + timedelta(days=int(rng.integers(0, (hi - lo).days + 1)))


def found_date(rng: np.random.Generator) -> date:
    months = list(FOUND_MONTH_P)
    m = pick(rng, months, list(FOUND_MONTH_P.values()))
    last = (date(YEAR, m + 1, 1) - timedelta(days=1)) if m < 12 else date(YEAR, 12, 31)
    return min(rand_date(rng, date(YEAR, m, 1), last), AS_OF)


def person(rng: np.random.Generator) -> str:
    return pick(rng, SURNAMES) + "".join(pick(rng, GIVEN) for _ in range(int(rng.integers(1, 3))))


def unit_written(rng: np.random.Generator, unit: str, messy: float = 0.3) -> str:
    """A unit as typed: canonical or alias, sometimes with stray (full-width) spaces."""
    text = unit if not chance(rng, messy) else pick(rng, UNIT_ALIASES[unit])
    if chance(rng, messy * 0.03):    # a space typed before the suffix: 九里山 街道办事处
        for suffix in ("街道办事处", "办事处", "人民政府", "街道"):
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)] + " " + suffix
                break
    r = rng.random()
    if r < messy * 0.15:
        text = " " + text + " "
    elif r < messy * 0.25:
        text = "\u3000" + text
    elif r < messy * 0.30:
        text = text + "\u3000"
    return text


def dept_written(rng: np.random.Generator, dept: str) -> str:
    r = rng.random()
    if r < 0.45:
        return "区" + dept
    if r < 0.55 and DEPARTMENTS[dept]:
        return "区" + DEPARTMENTS[dept] if chance(rng, 0.5) else DEPARTMENTS[dept]
    return dept


# ------------------------------------------------------------------ 统一社会信用代码 (GB 32100-2015)

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]   # GB 11714 organisation code (positions 9-17)


def uscc_check(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    return (len(code) == 18 and all(c in USCC_CHARS for c in code) and uscc_check(code[:17]) == code[17])


def _org_check(body8: str) -> str:
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body8, ORG_WEIGHTS))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def make_uscc(rng: np.random.Generator, kind: str) -> str:
    area = "410411" if chance(rng, 0.85) else "410400"
    if chance(rng, 0.7):   # registered after 2015: MA + 6 characters
        body = "MA" + "".join(pick(rng, USCC_CHARS) for _ in range(6))
    else:
        body = "".join(pick(rng, "0123456789") for _ in range(8))
    first17 = kind + area + body + _org_check(body)
    return first17 + uscc_check(first17)


# ------------------------------------------------------------------ truth: enterprises

@dataclass(frozen=True)
class Enterprise:
    name: str
    code: str          # "" = no code on record
    unit: str
    industry: str


def make_enterprises(rng: np.random.Generator) -> list[Enterprise]:
    unit_p = np.array([u[3] for u in UNITS]) / sum(u[3] for u in UNITS)
    inds = list(INDUSTRIES)
    ind_p = np.array([INDUSTRIES[i][1] for i in inds]) / sum(INDUSTRIES[i][1] for i in inds)
    out, seen_names, seen_codes = [], set(), set()
    while len(out) < N_ENTERPRISES:
        unit = pick(rng, UNIT_NAMES, unit_p)
        ind = pick(rng, inds, ind_p)
        suffix, kind = pick(rng, NAME_SUFFIXES[ind])
        prefix = pick(rng, ["平顶山市", "平顶山", "湛河区", ""], [0.5, 0.12, 0.2, 0.18])
        if kind == "12":
            prefix = "平顶山市湛河区"
        name = prefix + pick(rng, TRADE_CHARS) + pick(rng, TRADE_CHARS) + suffix
        code = make_uscc(rng, kind)
        if name in seen_names or code in seen_codes:
            continue
        seen_names.add(name)
        seen_codes.add(code)
        out.append(Enterprise(name, code, unit, ind))
    for i in rng.choice(len(out), size=N_ENTERPRISES // 100, replace=False):   # ~1% without a code
        out[int(i)] = replace(out[int(i)], code="")
    return out


# ------------------------------------------------------------------ truth: hazards

def make_hazard(rng: np.random.Generator, ent: Enterprise) -> dict[str, Any]:
    regulator, _, _, p_major = INDUSTRIES[ent.industry]
    major = chance(rng, p_major)
    locs, ordinary, majors = HAZARD_TEXTS[ent.industry]
    desc = pick(rng, majors) if major else pick(rng, ordinary).format(loc=pick(rng, locs))
    found = found_date(rng)
    deadline = found + timedelta(days=int(rng.integers(30, 121) if major else rng.integers(3, 31)))
    ext = deadline + timedelta(days=int(rng.integers(15, 61))) if chance(rng, 0.25 if major else 0.04) else None
    eff = ext or deadline
    if eff < AS_OF:
        rectified = chance(rng, 0.80 if major else 0.955)
    else:
        rectified = chance(rng, 0.30 if major else 0.50)
    done = None
    if rectified:
        latest = min(eff + timedelta(days=int(rng.integers(0, 10))) if chance(rng, 0.05) else eff, AS_OF)
        done = rand_date(rng, min(found + timedelta(days=1), latest), latest)
        status = "已销号" if chance(rng, 0.6 if major else 0.2) else "已整改"
    else:
        status = "整改中" if chance(rng, 0.6) else "未整改"
    h = dict(unit=ent.unit, ent=ent.name, code=ent.code, industry=ent.industry, dept=regulator, desc=desc,
             level="重大" if major else "一般", method=pick(rng, *DISCOVERY), found=found, deadline=deadline,
             person=person(rng) if (major or chance(rng, 0.85)) else "",
             measures=pick(rng, MAJOR_MEASURES if major else MEASURES_TEXT) if (major or chance(rng, 0.8)) else "",
             funds=None, plan="", status=status, done=done, ext=ext, supervise="", remark="")
    if major:
        h["funds"] = float(round(rng.uniform(2, 60), 1))
        h["plan"] = pick(rng, PLANS)
        h["method"] = pick(rng, ["部门检查", "专家会诊", "督导检查", "企业自查"])
        r = rng.random()
        h["supervise"] = "区级" if r < 0.5 else "市级" if r < 0.75 else ""
        if chance(rng, 0.10):    # 五落实 incomplete: one of the five left empty
            missing = pick(rng, ["person", "measures", "funds", "deadline", "plan"])
            h[missing] = None if missing in ("funds", "deadline") else ""
            if missing == "deadline":
                h["ext"] = None
    else:
        if chance(rng, 0.45):
            h["funds"] = float(round(rng.uniform(0.01, 0.8), 2))
        if chance(rng, 0.003):
            h["supervise"] = "区级"
    if ext and chance(rng, 0.6):
        h["remark"] = "延期整改已审批"
    elif chance(rng, 0.06):
        h["remark"] = pick(rng, ["复查合格", "已复查"] if rectified else ["已约谈企业负责人", "已下达整改通知书"])
    return h


def make_hazards(rng: np.random.Generator, ents: list[Enterprise]) -> list[dict[str, Any]]:
    """Every enterprise gets one hazard, the rest are spread by industry rate."""
    rates = np.array([INDUSTRIES[e.industry][2] for e in ents])
    extra = rng.poisson(rates * (N_HAZARDS - len(ents)) / rates.sum())
    hazards, keys = [], set()
    for ent, n in zip(ents, extra):
        for _ in range(1 + int(n)):
            h = make_hazard(rng, ent)
            while (h["ent"], h["desc"], h["found"]) in keys:   # keep the derived key unique
                h["found"] = found_date(rng)
            keys.add((h["ent"], h["desc"], h["found"]))
            hazards.append(h)
    # two 省级 挂牌督办 among the 重大
    majors = [h for h in hazards if h["level"] == "重大" and h["supervise"] == "市级"]
    for i in rng.choice(len(majors), size=min(2, len(majors)), replace=False):
        majors[int(i)]["supervise"] = "省级"
    # 建筑施工: about half of them are in the 住建局's own ledger instead of the unit's
    for h in hazards:
        h["file"] = "dept" if h["industry"] == "建筑施工" and chance(rng, 0.45) else h["unit"]
    return hazards


# ------------------------------------------------------------------ truth: enforcement cases

def make_cases(rng: np.random.Generator, ents: list[Enterprise]) -> list[dict[str, Any]]:
    depts = list(ENFORCEMENT_DEPTS)
    p = np.array([ENFORCEMENT_DEPTS[d][0] for d in depts], dtype=float)
    counts = rng.multinomial(N_CASES + int(rng.integers(-20, 21)), p / p.sum())
    by_ind: dict[str, list[Enterprise]] = {}
    for e in ents:
        by_ind.setdefault(e.industry, []).append(e)
    dept_inds = {d: [i for i, v in INDUSTRIES.items() if v[0] == d] for d in depts}
    cases = []
    for dept, n in zip(depts, counts):
        filed = sorted(found_date(rng) for _ in range(int(n)))
        for seq, fd in enumerate(filed, 1):
            inds = dept_inds[dept] or list(INDUSTRIES)
            if dept == "消防救援大队":
                inds = ["消防", "商贸", "文化旅游", "医疗卫生"]
            ent = pick(rng, by_ind[pick(rng, inds)])
            cat = pick(rng, list(CATEGORY_WEIGHTS), np.array(list(CATEGORY_WEIGHTS.values())) / sum(CATEGORY_WEIGHTS.values()))
            kinds = [k for k, q in PENALTY_P.items() if chance(rng, q)] or ["责令改正"]
            fine = 0
            if "罚款" in kinds:
                fine = int(pick(rng, [2000, 3000, 5000, 8000, 10000, 20000, 30000, 50000, 100000, 200000],
                                [0.1, 0.12, 0.18, 0.1, 0.15, 0.12, 0.08, 0.08, 0.05, 0.02]))
                if chance(rng, 0.3):
                    fine = int(round(fine * rng.uniform(1.0, 1.5), -3))
            decided = fd + timedelta(days=int(rng.integers(5, 60)))
            if decided > AS_OF:
                decided, state = None, "办理中"
            else:
                state = "已结案" if chance(rng, 0.8) else "执行中"
            violation = VIOLATIONS[cat] if cat else pick(rng, INDUSTRY_VIOLATIONS.get(ent.industry, GENERIC_VIOLATIONS))
            cases.append(dict(no=f"{ENFORCEMENT_DEPTS[dept][1]}〔2022〕{seq}号", dept=dept, party=ent.name, code=ent.code,
                              unit=ent.unit, industry=ent.industry, violation=violation, cat=cat, filed=fd,
                              decided=decided, kinds=kinds, fine=fine, typical=False, exposed=chance(rng, 0.08),
                              state=state))
    # 典型案例: 1-3 per department per quarter, some departments short
    for dept in depts:
        for q in (2, 3, 4):
            pool = [c for c in cases if c["dept"] == dept and (c["filed"].month - 1) // 3 + 1 == q and c["decided"]]
            k = 0 if (dept, q) in TYPICAL_SHORT else int(rng.integers(1, 4 if q < 4 else 3))
            for i in rng.choice(len(pool), size=min(k, len(pool)), replace=False):
                pool[int(i)]["typical"] = pool[int(i)]["exposed"] = True
    return cases


# ------------------------------------------------------------------ truth: supervision

def make_visits(rng: np.random.Generator, ents: list[Enterprise]) -> list[dict[str, Any]]:
    visits = []

    def add(g, vtype, target, kind, unit, day, few=False):
        found = int(rng.integers(0, 5 if few else 13))
        fixed = found if vtype == "回头看" and chance(rng, 0.6) else int(rng.integers(0, found + 1))
        visits.append(dict(group=g, type=vtype, target=target, kind=kind, unit=unit, date=day, found=found, fixed=fixed))

    for g, (units, depts) in ASSIGNMENT.items():
        for u in units:
            for _ in range(int(rng.integers(1, 3))):
                add(g, "督导检查", u, "乡/街道", u, rand_date(rng, date(2022, 5, 5), date(2022, 9, 28)))
        for d in depts:
            for _ in range(int(rng.integers(1, 3))):
                add(g, "督导检查", d, "部门", "", rand_date(rng, date(2022, 5, 5), date(2022, 9, 28)))
        for _ in range(int(rng.integers(4, 8))):   # enterprises in the group's own 乡/街道
            e = pick(rng, [e for e in ents if e.unit in units])
            add(g, "督导检查", e, "企业", e.unit, rand_date(rng, date(2022, 5, 5), date(2022, 9, 28)))
    for g, (units, depts) in ASSIGNMENT.items():
        missed = RECHECK_MISSED.get(g, [])
        for t in units + depts:
            if t in missed:
                continue
            for _ in range(1 + int(chance(rng, 0.2))):
                add(g, "回头看", t, "乡/街道" if t in UNIT_NAMES else "部门", t if t in UNIT_NAMES else "",
                    rand_date(rng, RECHECK_START, RECHECK_END), few=True)
        for _ in range(int(rng.integers(1, 4))):
            e = pick(rng, [e for e in ents if e.unit in units])
            add(g, "回头看", e, "企业", e.unit, rand_date(rng, RECHECK_START, RECHECK_END), few=True)
    for g, t, day in (RECHECK_LATE, RECHECK_OTHER_GROUP):
        add(g, "回头看", t, "部门", "", day, few=True)
    visits.sort(key=lambda v: (v["date"], v["group"]))
    return visits


# ------------------------------------------------------------------ truth: monthly reports, submissions, tips

def make_monthly(rng: np.random.Generator) -> list[dict[str, Any]]:
    rows = []
    for m in range(4, 12):
        due = date(YEAR, m + 1, 3)
        for dept, base in MONTHLY_BASE.items():
            if m == 11:     # November is not due yet: only a few early reports as of 11-30
                if not chance(rng, 0.35):
                    continue
                sub = rand_date(rng, date(2022, 11, 28), AS_OF)
            else:
                if chance(rng, 0.03):    # never sent
                    continue
                r = rng.random()
                sub = due + timedelta(days=int(rng.integers(1, 9))) if r < 0.08 else due - timedelta(days=int(rng.integers(0, 4)))
            checked = int(rng.poisson(base))
            found = int(rng.binomial(checked, 0.15))
            rows.append(dict(dept=dept, month=m, submitted=sub, checked=checked, found=found,
                             suspended=int(rng.binomial(found, 0.10)), closed=int(rng.binomial(found, 0.03)),
                             fine=round(found * float(rng.uniform(0.2, 1.5)), 2), transferred=int(rng.binomial(found, 0.02)),
                             exposed=int(rng.binomial(found, 0.10))))
    return rows


def make_submissions(rng: np.random.Generator) -> list[dict[str, Any]]:
    rows = []
    for no, due in NODES:
        for org in UNIT_NAMES + DEPT_NAMES:
            if chance(rng, 0.05):       # missing entirely
                continue
            late = chance(rng, 0.10)
            sub = due + timedelta(days=int(rng.integers(1, 12))) if late else due - timedelta(days=int(rng.integers(0, 6)))
            rows.append(dict(org=org, node=no, submitted=sub, late=late))
    return rows


def make_tips(rng: np.random.Generator, ents: list[Enterprise]) -> list[dict[str, Any]]:
    tips = []
    days = sorted(found_date(rng) for _ in range(N_TIPS + int(rng.integers(-15, 16))))
    for i, received in enumerate(days, 1):
        ent = pick(rng, ents) if chance(rng, 0.85) else None
        unit = ent.unit if ent else pick(rng, UNIT_NAMES)
        closed = received + timedelta(days=int(rng.integers(3, 31)))
        if closed > AS_OF:
            result, closed = "核查中", None
        else:
            result = "属实" if chance(rng, 0.58) else "不属实"
        typical = TIP_CATEGORY_BY_INDUSTRY.get(ent.industry) if ent else None
        category = typical if typical and chance(rng, 0.7) else pick(rng, TIP_CATEGORIES)
        reward = reward_day = None
        if result == "属实" and chance(rng, 0.4):
            reward = int(pick(rng, [200, 300, 500, 1000, 2000, 5000], [0.2, 0.2, 0.3, 0.15, 0.1, 0.05]))
            reward_day = closed + timedelta(days=int(rng.integers(5, 31)))
            if reward_day > AS_OF:
                reward_day = None
        tips.append(dict(no=f"ZHJB-2022-{i:04d}", received=received, channel=pick(rng, *TIP_CHANNELS),
                         accused=ent.name if ent else pick(rng, TIP_PLACES), unit=unit,
                         category=category, result=result, reward=reward, reward_day=reward_day,
                         closed=closed, dept=INDUSTRIES[ent.industry][0] if ent else "应急管理局"))
    return tips


@dataclass
class Truth:
    enterprises: list[Enterprise]
    hazards: list[dict[str, Any]]
    cases: list[dict[str, Any]]
    visits: list[dict[str, Any]]
    monthly: list[dict[str, Any]]
    submissions: list[dict[str, Any]]
    tips: list[dict[str, Any]]


def build_truth(seed: int = 2022) -> tuple[Truth, np.random.Generator]:
    rng = np.random.default_rng(seed)
    ents = make_enterprises(rng)
    truth = Truth(ents, make_hazards(rng, ents), make_cases(rng, ents), make_visits(rng, ents), make_monthly(rng),
                  make_submissions(rng), make_tips(rng, ents))
    return truth, rng


# ------------------------------------------------------------------ generic hand-made table writer

@dataclass
class Col:
    header: str
    key: str
    group: str | None = None     # top header of a merged two-row header
    width: float = 12


@dataclass
class Table:
    title: str
    cols: list[Col]
    subtitle: str | tuple[str, str] | None = None   # one merged line, or (left, right) cells
    colnums: bool = False                           # a 1, 2, 3 … row under the header
    date_format: str = "yyyy-mm-dd"                 # number format of real Excel dates
    total: dict[str, Any] | None = None             # 合计 row, key -> value
    notes: list[str] = field(default_factory=list)
    rows: list[dict[str, Any] | None] = field(default_factory=list)   # None = blank row
    merge: list[str] = field(default_factory=list)  # keys whose runs of equal cells are written as one merged cell

    @property
    def two_row(self) -> bool:
        return any(c.group for c in self.cols)

    @property
    def first_data_row(self) -> int:      # 1-based
        return 3 + bool(self.subtitle) + self.two_row + self.colnums


def compose(table: Table, good: list[dict], bad: dict[int, dict], n_blank: int, rng: np.random.Generator) -> None:
    """Lay out good rows in order, bad rows at their fixed Excel rows, and a few blank rows at random."""
    first = table.first_data_row
    n = len(good) + len(bad) + n_blank
    slots: list[Any] = [...] * n
    for r, rec in bad.items():
        assert first <= r < first + n, (table.title, r)
        slots[r - first] = rec
    free = [i for i in range(2, n - 2) if slots[i] is ...]
    for i in rng.choice(free, size=n_blank, replace=False):
        slots[int(i)] = None
    it = iter(good)
    table.rows = [next(it) if s is ... else s for s in slots]
    seq = 0
    for row in table.rows:
        if row is not None:
            seq += 1
            row.setdefault("seq", seq)


class Book:
    """A thin xlsxwriter wrapper with a few shared formats."""

    def __init__(self, path: Path):
        self.wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                                  "strings_to_urls": False})
        self.wb.set_properties({"created": WORKBOOK_CREATED, "author": "湛河区安委办", "company": "湛河区"})
        f = self.wb.add_format
        self.title = f({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter", "font_name": "方正小标宋简体"})
        self.sub = f({"font_size": 11, "valign": "vcenter"})
        self.head = f({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True,
                       "bg_color": "#D9D9D9", "font_name": "黑体"})
        self.cell = f({"border": 1, "valign": "vcenter", "text_wrap": True})
        self.num = f({"border": 1, "align": "center", "valign": "vcenter"})
        self.note = f({"font_size": 10, "text_wrap": True, "valign": "top"})
        self.dates: dict[str, Any] = {}

    def date_fmt(self, num_format: str):
        if num_format not in self.dates:
            self.dates[num_format] = self.wb.add_format({"border": 1, "align": "center", "valign": "vcenter",
                                                        "num_format": num_format})
        return self.dates[num_format]

    def write_table(self, sheet_name: str, t: Table):
        ws = self.wb.add_worksheet(sheet_name)
        last = len(t.cols) - 1
        ws.set_row(0, 30)
        ws.merge_range(0, 0, 0, last, t.title, self.title)
        r = 1
        if isinstance(t.subtitle, tuple):
            ws.write_string(r, 0, t.subtitle[0], self.sub)
            ws.write_string(r, max(last - 3, 1), t.subtitle[1], self.sub)
            r += 1
        elif t.subtitle:
            ws.merge_range(r, 0, r, last, t.subtitle, self.sub)
            r += 1
        if t.two_row:
            j = 0
            while j <= last:
                c = t.cols[j]
                if c.group:
                    k = j
                    while k + 1 <= last and t.cols[k + 1].group == c.group:
                        k += 1
                    if k > j:
                        ws.merge_range(r, j, r, k, c.group, self.head)
                    else:
                        ws.write_string(r, j, c.group, self.head)
                    for jj in range(j, k + 1):
                        ws.write_string(r + 1, jj, t.cols[jj].header, self.head)
                    j = k + 1
                else:
                    ws.merge_range(r, j, r + 1, j, c.header, self.head)
                    j += 1
            r += 2
        else:
            for j, c in enumerate(t.cols):
                ws.write_string(r, j, c.header, self.head)
            r += 1
        if t.colnums:
            for j in range(len(t.cols)):
                ws.write_number(r, j, j + 1, self.num)
            r += 1
        ws.freeze_panes(r, 0)
        for j, c in enumerate(t.cols):
            ws.set_column(j, j, c.width)
        first = r
        for row in t.rows:
            for j, c in enumerate(t.cols):   # a blank row keeps its borders
                self.write_cell(ws, r, j, None if row is None else row.get(c.key), t.date_format)
            r += 1
        for j, c in enumerate(t.cols):
            if c.key in t.merge:
                for top, bottom in _runs([None if row is None else row.get(c.key) for row in t.rows]):
                    ws.merge_range(first + top, j, first + bottom, j, t.rows[top][c.key], self.cell)
        if t.total:
            for j, c in enumerate(t.cols):
                self.write_cell(ws, r, j, t.total.get(c.key), t.date_format)
            r += 1
        for note in t.notes:
            ws.merge_range(r, 0, r, last, note, self.note)
            r += 1
        return ws

    def write_cell(self, ws, r: int, j: int, v: Any, date_format: str) -> None:
        if v is None or v == "":
            ws.write_blank(r, j, None, self.cell)
        elif isinstance(v, bool):
            ws.write_string(r, j, "是" if v else "否", self.cell)
        elif isinstance(v, (date, datetime)):
            ws.write_datetime(r, j, datetime(v.year, v.month, v.day), self.date_fmt(date_format))
        elif isinstance(v, (int, float, np.integer, np.floating)):
            ws.write_number(r, j, float(v) if isinstance(v, (float, np.floating)) else int(v), self.num)
        else:
            ws.write_string(r, j, str(v), self.cell)

    def close(self) -> None:
        self.wb.close()


def _runs(values: list[Any]) -> list[tuple[int, int]]:
    """(first, last) index of each run of two or more equal non-empty values."""
    out, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start] or values[start] in (None, ""):
            if i - start > 1 and values[start] not in (None, ""):
                out.append((start, i - 1))
            start = i
    return out


# ------------------------------------------------------------------ date and vocabulary styles

def fmt_date(d: date | None, style: str, rng: np.random.Generator | None = None) -> Any:
    """A date as typed: 'excel' keeps a real date; the others give text (or an int for 'int')."""
    if d is None or isinstance(d, Raw):
        return d
    if style == "excel":
        return d
    if style == "slash":
        return f"{d.year}/{d.month}/{d.day}"
    if style == "dot":
        return f"{d.year}.{d.month}.{d.day}"
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "int":
        return int(d.strftime("%Y%m%d"))
    if style == "iso":
        return d.isoformat()
    if style == "md":   # no year (the title says 2022年); other years keep theirs
        return f"{d.month}月{d.day}日" if d.year == YEAR else f"{d.year}年{d.month}月{d.day}日"
    if style.startswith("mix:"):   # mostly the first style, sometimes one of the others
        styles = style[4:].split(",")
        return fmt_date(d, styles[0] if rng.random() < 0.7 else pick(rng, styles[1:]), rng)
    raise ValueError(style)


STATUS_STYLES = {   # canonical status -> choices as written
    "A": {"已整改": ["已整改"], "已销号": ["已销号"], "整改中": ["整改中"], "未整改": ["未整改"]},
    "B": {"已整改": ["已整改", "整改完成"], "已销号": ["销号"], "整改中": ["整改中"], "未整改": ["未整改"]},
    "C": {"已整改": ["完成", "已完成"], "已销号": ["销号"], "整改中": ["正在整改"], "未整改": ["待整改"]},
    "D": {"已整改": ["已完成", "已整改"], "已销号": ["已销号"], "整改中": ["整改中", "正在整改"], "未整改": ["未整改"]},
    "E": {"已整改": ["整改完成", "完成整改"], "已销号": ["已销号"], "整改中": ["正在整改"], "未整改": ["未完成"]},
    "F": {"已整改": ["已整改完毕", "已整改"], "已销号": ["已销号"], "整改中": ["整改中"], "未整改": ["未整改", "待整改"]},
    "YN": {"已整改": ["是"], "已销号": ["是"], "整改中": ["否"], "未整改": ["否"]},
}
LEVEL_STYLES = {"A": ("一般", "重大"), "B": ("一般隐患", "重大隐患"), "C": ("一般事故隐患", "重大事故隐患")}


# ------------------------------------------------------------------ hazards files

HZ_COLS = {  # key -> default header
    "seq": "序号", "id": "隐患编号", "unit": "所属乡（街道）", "ent": "单位名称", "code": "统一社会信用代码",
    "industry": "行业领域", "dept": "监管部门", "desc": "隐患描述", "level": "隐患等级", "method": "发现方式",
    "found": "发现日期", "deadline": "整改时限", "person": "整改责任人", "measures": "整改措施",
    "funds": "整改资金（万元）", "plan": "应急预案", "status": "整改状态", "done": "整改完成日期", "ext": "延期至",
    "supervise": "挂牌督办", "remark": "备注",
}
HZ_WIDTH = {"seq": 5, "id": 16, "unit": 12, "ent": 30, "code": 21, "desc": 36, "measures": 24, "remark": 14}
HZ_INFO = ["id", "ent", "code", "industry", "dept", "desc", "level", "method", "found"]
HZ_FIX = ["person", "measures", "funds", "deadline", "plan", "status", "done"]

# per-file style: which columns (and their headers/groups), date style, vocabularies, unit spelling
HZ_FILES: dict[str, dict[str, Any]] = {
    # merge: the 所属乡(街道) column and each enterprise's 单位名称 and 信用代码 written as merged cells
    "马庄街道": dict(sheet="隐患台账", ids=True, dates="excel", date_format="yyyy-mm-dd", status="A", level="A",
                 unit_messy=0.0, subtitle="split", total=True, blanks=2, merge=["unit", "ent", "code"]),
    "南环路街道": dict(sheet="Sheet1", ids=True, dates="slash", status="B", level="A", unit_fixed="南环路街道办事处",
                  headers={"unit": "所属乡(街道)", "level": "隐患级别", "found": "发现时间"},
                  groups={"隐患信息": HZ_INFO, "整改情况": HZ_FIX}, colnums=True, blanks=3),
    "姚孟街道": dict(sheet="隐患排查整治台账", ids=True, dates="dot", status="C", level="B", unit_messy=0.2,
                 headers={"unit": "乡镇(街道)", "level": "隐患级别", "found": "排查日期", "deadline": "整改期限",
                          "funds": "整改资金(万元)"}, drop=["method"], subtitle="merged", total=True, blanks=2),
    "九里山街道": dict(sheet="Sheet1", ids=True, dates="cn", status="D", level="A", unit_messy=0.9,
                  headers={"ent": "企业名称", "desc": "隐患内容"}, colnums=True, subtitle="merged", blanks=2),
    "轻工路街道": dict(sheet="台账", ids=True, dates="int", status="YN", level="C",
                  headers={"status": "是否整改", "done": "整改完成时间"}, drop=["plan"], subtitle="split", blanks=1),
    "高阳路街道": dict(sheet="隐患台账", ids=True, dates="mix:excel,iso", date_format="yyyy/m/d", status="B", level="A",
                  unit_messy=0.15, groups={"隐患信息": HZ_INFO, "整改情况": HZ_FIX, "督办情况": ["ext", "supervise"]},
                  colnums=True, total=True, blanks=2),
    "北渡街道": dict(sheet="Sheet1", ids=False, dates="md", status="E", level="A", unit_messy=0.1,
                 title="湛河区北渡街道2022年安全生产隐患排查整治台账", subtitle="merged", blanks=3),
    "荆山街道": dict(sheet="Sheet1", ids=True, dates="excel", date_format='yyyy"年"m"月"d"日"', status="F", level="C",
                 unit_messy=0.3, headers={"unit": "所属乡镇（街道）", "found": "发现时间"}, extra_inspector=True,
                 total=True, blanks=2),
    "河滨街道": dict(sheet=F_HZ_CSV.removesuffix(".csv"), ids=False, dates="iso", status="B", level="A", unit_messy=0.3, csv=True, blanks=2),
    # no 所属乡(街道) column: the unit stands only in the 填报单位 line above the header
    "曹镇乡": dict(sheet="隐患排查", ids=True, dates="mix:excel,slash", status="F", level="A", unit_messy=0.8,
                headers={"level": "隐患级别"}, drop=["unit"], subtitle="split", total=True, blanks=2),
    "dept": dict(sheet="建筑施工", ids=True, id_prefix="ZJ", dates="excel", date_format="yyyy-mm-dd", status="A",
                 level="B", unit_messy=0.5, groups={"隐患信息": HZ_INFO, "整改情况": HZ_FIX}, colnums=True,
                 title="区住房和城乡建设局建筑施工领域安全隐患排查整治台账", blanks=1),
}


def hz_file_name(key: str) -> str:
    return F_HZ_DEPT if key == "dept" else F_HZ_CSV if HZ_FILES[key].get("csv") else F_HZ.format(key)


def hz_columns(style: dict[str, Any]) -> list[Col]:
    keys = [k for k in HZ_COLS if k not in style.get("drop", [])]
    if not style["ids"]:
        keys.remove("id")
    if style.get("groups"):   # grouped columns must be contiguous: reorder to seq, unit, groups..., rest
        grouped = [k for g in style["groups"].values() for k in g if k in keys]
        keys = ["seq", "unit"] + grouped + [k for k in keys if k not in grouped and k not in ("seq", "unit")]
    headers = {**HZ_COLS, **style.get("headers", {})}
    group_of = {k: g for g, ks in style.get("groups", {}).items() for k in ks}
    cols = [Col(headers[k], k, group_of.get(k), HZ_WIDTH.get(k, 12)) for k in keys]
    if style.get("extra_inspector"):
        cols.insert(len(cols) - 1, Col("检查人员", "inspector", None, 12))
    return cols


def render_hazard(h: dict[str, Any], style: dict[str, Any], rng: np.random.Generator) -> dict[str, Any]:
    unit = style.get("unit_fixed") or unit_written(rng, h["unit"], style.get("unit_messy", 0.3))
    ds = style["dates"]
    levels = LEVEL_STYLES[style["level"]]
    row = dict(h)
    row.update(unit=unit, level=levels[h["level"] == "重大"],
               status=pick(rng, STATUS_STYLES[style["status"]][h["status"]]),
               dept=dept_written(rng, h["dept"]),
               industry=INDUSTRY_ALIASES.get(h["industry"], h["industry"]) if chance(rng, 0.1) else h["industry"],
               supervise=h["supervise"] or ("否" if style.get("ids") and chance(rng, 0.3) else ""),
               inspector=person(rng) + "、" + person(rng))
    for k in ("found", "deadline", "done", "ext"):
        row[k] = fmt_date(h[k], ds, rng)
    return row


def corrupt(row: dict[str, Any], field_name: str, value: str) -> dict[str, Any]:
    key = {"隐患描述": "desc", "发现日期": "found", "隐患等级": "level", "单位名称": "ent", "是否整改": "status",
           "所属乡(街道)": "unit"}[field_name]
    row[key] = Raw(value) if value else ""
    return row


def hazard_tables(truth: Truth, rng: np.random.Generator) -> dict[str, Table]:
    tables = {}
    for key, style in HZ_FILES.items():
        good = [h for h in truth.hazards if h["file"] == key]
        # A ledger with merged cells lists each enterprise's hazards together, as such ledgers do.
        good.sort(key=(lambda h: (h["ent"], h["found"])) if style.get("merge") else (lambda h: (h["found"], h["ent"])))
        name = hz_file_name(key)
        unit_title = "区住房和城乡建设局" if key == "dept" else key
        t = Table(title=style.get("title", f"湛河区{unit_title}安全生产隐患排查整治台账"), cols=hz_columns(style),
                  colnums=style.get("colnums", False), date_format=style.get("date_format", "yyyy-mm-dd"))
        filler = "湛河区" + (UNIT_ALIASES[key][0] if key in UNIT_ALIASES else "住房和城乡建设局")
        if style.get("subtitle") == "split":
            t.subtitle = (f"填报单位：{filler}（盖章）", f"填报日期：{FILL_DATE_TEXT}")
        elif style.get("subtitle") == "merged":
            t.subtitle = f"填报单位：{filler}        填报日期：{FILL_DATE_TEXT}"
        bad = {}
        for r, (fld, val) in _bad_rows_for(name, style["sheet"]).items():
            ent = pick(rng, [e for e in truth.enterprises if key == "dept" and e.industry == "建筑施工" or e.unit == key])
            bad[r] = corrupt(render_hazard(make_hazard(rng, ent), style, rng), fld, val)
        rows = [render_hazard(h, style, rng) for h in good]
        compose(t, rows, bad, style["blanks"], rng)
        if style["ids"]:
            prefix = style.get("id_prefix") or "ZH-" + next(u[1] for u in UNITS if u[0] == key)
            n = 0
            for row in t.rows:
                if row is not None:
                    n += 1
                    row["id"] = f"{prefix}-2022-{n:04d}"
        t.merge = style.get("merge", [])
        if style.get("total"):
            funds = sum(h["funds"] or 0 for h in good)
            t.total = {"seq": "合计", "ent": f"共{len(good)}项", "funds": round(funds, 2)}
        t.notes = [f"注：1.隐患等级填写{'/'.join(LEVEL_STYLES[style['level']])}；2.重大隐患须落实整改责任、措施、资金、时限和预案“五落实”。",
                   "填表人：" + person(rng) + "        审核人：" + person(rng)]
        tables[name] = t
    return tables


def write_csv(path: Path, t: Table) -> None:
    """A ledger saved from Excel as CSV (GBK): title line, header, rows, a note line."""
    n = len(t.cols)
    lines = [[t.title] + [""] * (n - 1), [c.header for c in t.cols]]
    for row in t.rows:
        lines.append([""] * n if row is None else ["" if row.get(c.key) is None else str(row.get(c.key)) for c in t.cols])
    lines += [[note] + [""] * (n - 1) for note in t.notes]
    with open(path, "w", encoding="gbk", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(lines)


# ------------------------------------------------------------------ enforcement files

def fine_text(yuan: int, rng: np.random.Generator) -> Any:
    """罚款 under a 元 header, typed in several ways."""
    if not yuan:
        return ""
    r = rng.random()
    wan = f"{yuan / 10000:g}"
    if r < 0.4:
        return yuan
    if r < 0.6:
        return f"{yuan:,}"
    if r < 0.8:
        return wan + "万元"
    return wan + "万"


def category_text(cat: int, rng: np.random.Generator) -> Any:
    if cat == 0:
        return "行业专项"
    r = rng.random()
    return cat if r < 0.4 else CATEGORIES[cat] if r < 0.8 else f"{cat}.{CATEGORIES[cat]}"


def kinds_text(kinds: list[str], rng: np.random.Generator) -> str:
    return pick(rng, ["、", "，", ";", "/", " ", "、"]).join(kinds)


CASE_COLS = [("seq", "序号", 5), ("no", "案件编号", 24), ("dept", "执法部门", 14), ("party", "当事人", 30),
             ("code", "统一社会信用代码", 21), ("unit", "所属乡（街道）", 12), ("industry", "行业领域", 10),
             ("violation", "违法行为", 36), ("cat", "违法类别", 20), ("filed", "立案日期", 12),
             ("decided", "处罚决定日期", 12), ("kinds", "处罚种类", 20), ("fine", "罚款金额（元）", 12),
             ("typical", "典型案例", 8), ("exposed", "曝光", 6), ("state", "案件状态", 8), ("remark", "备注", 10)]


def render_case(c: dict[str, Any], rng: np.random.Generator, dates: str, fine_unit: str) -> dict[str, Any]:
    row = dict(c)
    row.update(dept=dept_written(rng, c["dept"]), unit=unit_written(rng, c["unit"]), cat=category_text(c["cat"], rng),
               kinds=kinds_text(c["kinds"], rng), filed=fmt_date(c["filed"], dates, rng),
               decided=fmt_date(c["decided"], dates, rng), typical="是" if c["typical"] else "否",
               exposed="是" if c["exposed"] else "否", remark="")
    if fine_unit == "元":
        row["fine"] = fine_text(c["fine"], rng)
    elif fine_unit == "元num":
        row["fine"] = c["fine"] or ""
    else:
        row["fine"] = round(c["fine"] / 10000, 2) if c["fine"] else 0
    return row


def case_tables(truth: Truth, rng: np.random.Generator) -> dict[str, tuple[str, Table]]:
    specs = [  # file, sheet, departments, date style, fine style, layout
        (F_CASE_YJ, "执法台账", ["应急管理局"], "excel", "元", dict(subtitle=("填报单位：湛河区应急管理局", f"填报日期：{FILL_DATE_TEXT}"))),
        (F_CASE_XF, "Sheet1", ["消防救援大队"], "slash", "元num", dict(two_row=True, colnums=True)),
        (F_CASE_ALL, "汇总", [d for d in ENFORCEMENT_DEPTS if d not in ("应急管理局", "消防救援大队")], "mix:cn,excel",
         "万元", dict(subtitle="（区安委会办公室汇总）", total=True)),
    ]
    out = {}
    for name, sheet, depts, dates, fine_unit, lay in specs:
        good = sorted((c for c in truth.cases if c["dept"] in depts), key=lambda c: (c["filed"], c["no"]))
        cols = [Col(h, k, None, w) for k, h, w in CASE_COLS]
        if fine_unit == "万元":
            cols[12].header = "罚款金额(万元)"
        if lay.get("two_row"):
            for c in cols:
                if c.key in ("decided", "kinds", "fine"):
                    c.group = "处罚情况"
                if c.key in ("no", "dept", "party", "code", "unit", "industry", "violation", "cat", "filed"):
                    c.group = "案件基本信息"
            cols = [cols[0]] + [c for c in cols[1:] if c.group == "案件基本信息"] + [c for c in cols if c.group == "处罚情况"] + \
                   [c for c in cols[1:] if not c.group]
        title = (f"区{depts[0]}安全生产行政执法案件台账（2022年）" if len(depts) == 1
                 else "湛河区安委会成员单位安全生产行政执法案件汇总表")
        t = Table(title=title, cols=cols,
                  subtitle=lay.get("subtitle"), colnums=lay.get("colnums", False), date_format="yyyy/m/d")
        bad = {}
        for r, (fld, val) in _bad_rows_for(name, sheet).items():
            c = pick(rng, good)
            rec = render_case(dict(c, no=f"{ENFORCEMENT_DEPTS[c['dept']][1]}〔2022〕补{r}号"), rng, dates, fine_unit)
            rec[{"案件编号": "no", "立案日期": "filed"}[fld]] = Raw(val) if val else ""
            bad[r] = rec
        compose(t, [render_case(c, rng, dates, fine_unit) for c in good], bad, 1, rng)
        if lay.get("total"):
            t.total = {"seq": "合计", "party": f"{len(good)}件", "fine": round(sum(c["fine"] for c in good) / 10000, 2)}
        t.notes = ["注：违法类别填写打非治违10类共性问题序号或名称，不属于10类的填“行业专项”。"]
        out[name] = (sheet, t)
    return out


# ------------------------------------------------------------------ supervision files

def group_written(g: int, rng: np.random.Generator) -> str:
    n = CN_NUM[g - 1]
    return pick(rng, [f"第{n}督导组", f"{n}组", f"第{g}组", f"督导{n}组", f"第{n}督导组"])


def target_written(v: dict[str, Any], rng: np.random.Generator) -> tuple[str, str]:
    t = v["target"]
    if isinstance(t, Enterprise):
        return t.name, "企业"
    if t in UNIT_NAMES:
        return unit_written(rng, t, 0.5), "乡（街道）"
    return dept_written(rng, t), "部门"


def visit_tables(truth: Truth, rng: np.random.Generator) -> dict[str, tuple[str, Table]]:
    out = {}
    for name, sheet, vtype, headers, dates in (
            (F_VISIT, "督导检查", "督导检查", {}, "excel"),
            (F_RECHECK, "回头看", "回头看", {"group": "督导组别", "date": "督导时间", "found": "发现问题（个）",
                                          "fixed": "已整改（个）"}, "mix:excel,cn")):
        base = [("seq", "序号", None), ("group", "督导组", None), ("type", "督导类型", None), ("target", "督导对象", None),
                ("kind", "对象类型", None), ("unit", "所属乡（街道）", None), ("date", "督导日期", None),
                ("found", "发现问题数", "问题情况"), ("fixed", "已整改问题数", "问题情况"), ("remark", "备注", None)]
        cols = [Col(headers.get(k, h), k, g if vtype == "督导检查" else None, 22 if k == "target" else 11)
                for k, h, g in base]
        t = Table(title=f"湛河区安委会督导组{'督导检查' if vtype == '督导检查' else '“回头看”'}情况记录表", cols=cols,
                  subtitle="填报单位：区安委会办公室" if vtype == "回头看" else None)

        def render(v):
            target, kind = target_written(v, rng)
            return dict(group=group_written(v["group"], rng), type=v["type"], target=target, kind=kind,
                        unit=unit_written(rng, v["unit"]) if v["unit"] else "", date=fmt_date(v["date"], dates, rng),
                        found=v["found"], fixed=v["fixed"],
                        remark="补充回头看" if v["date"] > RECHECK_END else "")
        good = [render(v) for v in truth.visits if v["type"] == vtype]
        bad = {}
        for r, (fld, val) in _bad_rows_for(name, sheet).items():
            v = dict(pick(rng, [v for v in truth.visits if v["type"] == vtype]))
            rec = render(v)
            rec[{"督导组": "group", "督导日期": "date"}[fld]] = Raw(val)
            bad[r] = rec
        compose(t, good, bad, 1, rng)
        t.notes = ["注：对象类型填写乡（街道）、部门或企业。"]
        out[name] = (sheet, t)
    return out


def assignment_table(rng: np.random.Generator) -> Table:
    cols = [Col("序号", "seq", None, 5), Col("督导组", "group", None, 12), Col("带队领导", "leader", None, 18),
            Col("督导对象", "target", None, 22), Col("对象类型", "kind", None, 10), Col("备注", "remark", None, 10)]
    rows = []
    for g, (units, depts) in ASSIGNMENT.items():
        for t in units + depts:
            rows.append(dict(group=GROUPS[g - 1], leader=GROUP_LEADERS[g - 1],
                             target=t if t in UNIT_NAMES else "区" + t, kind="乡（街道）" if t in UNIT_NAMES else "部门"))
    t = Table(title="湛河区安委会督导组分工表", cols=cols, subtitle="（2022年安全生产大检查）")
    compose(t, rows, {}, 0, rng)
    t.notes = ["注：各督导组10月份对分工范围内的乡（街道）和部门开展“回头看”。"]
    return t


# ------------------------------------------------------------------ monthly reports, submissions, tips

MONTHLY_COLS = [("seq", "序号", 5), ("dept", "报送单位", 20), ("month", "月份", 10), ("submitted", "报送日期", 12),
                ("checked", "检查单位数（家）", 10), ("found", "发现非法违法行为数（起）", 12),
                ("suspended", "停产整顿数（家）", 10), ("closed", "关闭取缔数（家）", 10), ("fine", "罚款金额（万元）", 10),
                ("transferred", "移送司法数（起）", 10), ("exposed", "曝光数（起）", 9), ("remark", "备注", 10)]
MONTH_WRITTEN = {6: "{m}月", 9: "2022-{m:02d}"}            # other months: 2022年{m}月
MONTH_DATES = {4: "excel", 5: "excel", 6: "dot", 7: "excel", 8: "cn", 9: "excel", 10: "excel", 11: "excel"}


def monthly_tables(truth: Truth, rng: np.random.Generator) -> list[tuple[str, Table]]:
    out = []
    for m in range(4, 12):
        sheet = f"{m}月"
        rows = [r for r in truth.monthly if r["month"] == m]
        t = Table(title=f"湛河区安全生产领域“打非治违”专项行动进展情况统计表（2022年{m}月）",
                  cols=[Col(h, k, None, w) for k, h, w in MONTHLY_COLS], date_format="yyyy-mm-dd",
                  colnums=(m == 8), subtitle=f"统计时间：2022年{m}月1日—{m}月{(date(YEAR, m + 1, 1) - timedelta(days=1)).day}日")

        def render(r):
            late = r["submitted"] > date(YEAR, m + 1, 3) if m < 11 else False
            return dict(dept=dept_written(rng, r["dept"]), month=MONTH_WRITTEN.get(m, "2022年{m}月").format(m=m),
                        submitted=fmt_date(r["submitted"], MONTH_DATES[m], rng), checked=r["checked"], found=r["found"],
                        suspended=r["suspended"], closed=r["closed"], fine=r["fine"], transferred=r["transferred"],
                        exposed=r["exposed"], remark="补报" if late else "")
        bad = {}
        for rr, (fld, val) in _bad_rows_for(F_MONTHLY, sheet).items():
            # a duplicate-looking row for a department that did not report this month, with a wrong 月份
            missing = [d for d in MONTHLY_BASE if d not in {r["dept"] for r in rows}] or list(MONTHLY_BASE)
            rec = render(dict(pick(rng, rows), dept=pick(rng, missing)))
            rec["month"] = Raw(val)
            bad[rr] = rec
        compose(t, [render(r) for r in rows], bad, 1 if m in (5, 9) else 0, rng)
        keys = ["checked", "found", "suspended", "closed", "fine", "transferred", "exposed"]
        t.total = {"seq": "合计", **{k: round(sum(r[k] for r in rows), 2) for k in keys}}
        t.notes = ["注：请各成员单位于每月3日前报送上月工作进展情况。"] if m != 11 else \
                  ["注：截至11月30日，11月份进展情况尚未到报送期限，表中为已提前报送的单位。"]
        out.append((sheet, t))
    return out


def submissions_table(truth: Truth, rng: np.random.Generator) -> Table:
    cols = [Col("序号", "seq", None, 5), Col("报送单位", "org", None, 20), Col("报送节点", "node", None, 10),
            Col("报送日期", "submitted", "报送情况", 12), Col("报送方式", "how", "报送情况", 10), Col("备注", "remark", None, 12)]
    t = Table(title="湛河区安全生产大检查自查报告报送情况登记表", cols=cols, date_format="yyyy/m/d")

    def render(s):
        org = unit_written(rng, s["org"], 0.5) if s["org"] in UNIT_NAMES else dept_written(rng, s["org"])
        return dict(org=org, node=pick(rng, NODE_WRITTEN[s["node"]]), submitted=fmt_date(s["submitted"], "mix:excel,slash", rng),
                    how=pick(rng, ["纸质", "电子邮件", "纸质+电子"]), remark="逾期报送" if s["late"] and chance(rng, 0.5) else "")
    bad = {}
    for r, (fld, val) in _bad_rows_for(F_SUBMIT, "报送情况").items():
        rec = render(pick(rng, truth.submissions))
        rec["node"] = Raw(val)
        bad[r] = rec
    compose(t, [render(s) for s in truth.submissions], bad, 2, rng)
    t.notes = ["注：报送节点为4月25日、5月25日、10月25日前；未列入本表的单位为未报送。"]
    return t


def tips_table(truth: Truth, rng: np.random.Generator) -> Table:
    cols = [Col("序号", "seq", None, 5), Col("受理编号", "no", None, 16), Col("受理日期", "received", None, 12),
            Col("举报渠道", "channel", None, 12), Col("举报人", "reporter", "举报人信息", 8),
            Col("联系电话", "phone", "举报人信息", 13), Col("被举报单位", "accused", None, 28),
            Col("所属乡（街道）", "unit", None, 12), Col("举报类别", "category", None, 12),
            Col("承办单位", "dept", None, 14), Col("核查结果", "result", "核查处理情况", 8),
            Col("奖励金额（元）", "reward", "核查处理情况", 10), Col("奖励发放日期", "reward_day", "核查处理情况", 12),
            Col("办结日期", "closed", "核查处理情况", 12), Col("备注", "remark", None, 10)]
    t = Table(title="湛河区安全生产非法违法行为举报受理台账（2022年）", cols=cols, date_format="yyyy-mm-dd",
              subtitle=("填报单位：湛河区安委会办公室", f"截止日期：{FILL_DATE_TEXT}"))

    def render(tp):
        # reporter identity: obviously synthetic (the importer must drop these columns)
        anon = chance(rng, 0.4)
        return dict(tp, reporter="匿名" if anon else pick(rng, SURNAMES) + pick(rng, ["某", "某某", "先生", "女士"]),
                    phone="" if anon else f"1{int(rng.integers(30, 90))}****0000", unit=unit_written(rng, tp["unit"]),
                    dept=dept_written(rng, tp["dept"]), reward=tp["reward"] or "", remark="")
    bad = {}
    for r, (fld, val) in _bad_rows_for(F_TIPS, "受理台账").items():
        rec = render(dict(pick(rng, truth.tips), no="ZHJB-2022-B001"))
        rec["received"] = Raw(val)
        bad[r] = rec
    compose(t, [render(tp) for tp in truth.tips], bad, 2, rng)
    t.notes = ["注：举报人信息严格保密，不得对外提供。", "填表人：" + person(rng) + "        审核人：" + person(rng)]
    return t


README_LINES = [
    "填报说明",
    "1. 本表由区安委会各成员单位每月3日前报送上月“打非治违”工作进展情况，报区安委会办公室（区应急管理局）。",
    "2. 罚款金额单位为万元；数量单位为家或起。",
    "3. 各阶段：自查自纠（4月—5月）、集中整治（6月—10月）、巩固提升（11月—12月）。",
    "4. 每月一个工作表；12月1日前报送专项行动总结。",
]



# ------------------------------------------------------------------ the loop: 督导 problems, 挂牌督办, 约谈/通报/问责
# Drawn from their own generator (seed + 14) after everything else, so the older ledgers stay byte for byte.

PROBLEM_TEXTS = {
    "乡/街道": [("安全生产责任清单未逐级签订到村（社区）", "责任落实"), ("隐患排查台账不规范，未实行闭环管理", "台账管理"),
               ("九小场所排查不彻底，存在遗漏", "排查整治"), ("应急演练记录不全，未开展评估", "应急管理"),
               ("打非治违工作方案未细化到网格", "打非治违"), ("网格员巡查记录缺失", "网格管理"),
               ("燃气用户安全检查覆盖率低", "燃气安全"), ("自建房排查整治进度滞后", "排查整治")],
    "部门": [("执法检查计划未按月分解", "执法检查"), ("行业领域隐患排查覆盖不全", "排查整治"),
             ("重大隐患挂牌督办跟踪不到位", "挂牌督办"), ("执法文书不规范，处罚依据引用不准确", "执法检查"),
             ("打非治违月报数据与台账不一致", "打非治违"), ("典型执法案例报送不及时", "执法检查")],
    "企业": [("消防设施维护保养不到位", "消防安全"), ("特种作业人员未持证上岗", "持证上岗"),
             ("安全培训记录不全", "教育培训"), ("应急预案未备案", "应急管理"), ("动火作业审批不规范", "危险作业"),
             ("有限空间作业未检测即进入", "危险作业"), ("安全出口锁闭", "消防安全"), ("电气线路私拉乱接", "用电安全")],
}
CN_GROUP = {g: f"第{CN_NUM[g - 1]}督导组" for g in range(1, 7)}
LEVEL_OFFICE = {"区级": "区安委会办公室", "市级": "市安委会办公室", "省级": "省安委会办公室"}


def make_problems(rng: np.random.Generator, visits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One problem per problem a visit found (督导检查 visits; a 回头看 adds its own new ones); a later 回头看 by the
    same group re-checks the earlier problems of its target: 通过 when rectified by then, else 未通过."""
    problems: list[dict[str, Any]] = []
    counters = {g: 0 for g in range(1, 7)}
    rechecks: dict[tuple[int, str], date] = {}
    for v in visits:
        if v["type"] == "回头看" and v["date"] <= AS_OF:
            key = (v["group"], v["target"].name if isinstance(v["target"], Enterprise) else v["target"])
            rechecks.setdefault(key, v["date"])
    for v in visits:
        if v["date"] > AS_OF:
            continue
        target = v["target"].name if isinstance(v["target"], Enterprise) else v["target"]
        kind = v["kind"]
        n = v["found"] if v["type"] == "督导检查" else v["found"] - v["fixed"]
        for text, category in (pick(rng, PROBLEM_TEXTS[kind]) for _ in range(max(n, 0))):
            counters[v["group"]] += 1
            assigned = v["date"] + timedelta(days=int(rng.integers(1, 4)))
            deadline = assigned + timedelta(days=int(rng.integers(15, 46)))
            rectified = chance(rng, 0.85 if deadline < AS_OF else 0.35)
            done = rand_date(rng, assigned + timedelta(days=1), min(deadline + timedelta(days=10), AS_OF)) \
                if rectified else None
            status = "已整改" if rectified else pick(rng, ["整改中", "未整改"])
            recheck = rechecks.get((v["group"], target))
            result = closed = None
            if recheck and recheck > v["date"]:
                result = "通过" if done and done <= recheck else "未通过"
                closed = min(recheck + timedelta(days=int(rng.integers(0, 6))), AS_OF) if result == "通过" else None
            else:
                recheck = None
            problems.append(dict(no=f"DD{v['group']}-2022-{counters[v['group']]:03d}", group=v["group"], target=target,
                                 kind=kind, unit=v["unit"] if kind == "企业" else "", found=v["date"], desc=text,
                                 category=category, assigned=assigned,
                                 org=target if kind != "部门" else "区" + target, deadline=deadline, status=status,
                                 done=done, recheck=recheck, result=result, closed=closed))
    return problems


def make_listings(rng: np.random.Generator, hazards: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every hazard the ledgers mark 挂牌督办 has its register row; 摘牌 follows 验收 after it was rectified."""
    out, seen = [], set()
    for h in sorted((h for h in hazards if h["supervise"]), key=lambda h: (h["found"], h["ent"])):
        if (h["ent"], h["desc"]) in seen:     # the register names a hazard by 单位 + 描述: one row each
            continue
        seen.add((h["ent"], h["desc"]))
        listed = min(h["found"] + timedelta(days=int(rng.integers(3, 16))), AS_OF)
        deadline = h["ext"] or h["deadline"]
        delisted = None
        if h["done"] and chance(rng, 0.8):
            delisted = min(max(h["done"], listed) + timedelta(days=int(rng.integers(3, 21))), AS_OF)
        out.append(dict(unit=h["unit"], ent=h["ent"], desc=h["desc"], level=h["supervise"], listed=listed,
                        office=LEVEL_OFFICE[h["supervise"]], deadline=deadline, delisted=delisted,
                        acceptor=("区" + h["dept"]) if delisted else ""))
    return out


def make_accountability(rng: np.random.Generator, hazards: list[dict[str, Any]],
                        listings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """约谈 of the 乡/街道 with the most overdue hazards, 通报批评 of the departments the 回头看 missed, 警示函 to
    enterprises whose 挂牌 hazard ran past its deadline, one 问责 and one 提级调查."""
    records: list[dict[str, Any]] = []
    overdue_by_unit: dict[str, int] = {}
    cutoff = date(2022, 8, 31)
    for h in hazards:
        deadline = h["ext"] or h["deadline"]
        if deadline and deadline < cutoff and (h["done"] is None or h["done"] > cutoff):
            overdue_by_unit[h["unit"]] = overdue_by_unit.get(h["unit"], 0) + 1
    for unit in sorted(overdue_by_unit, key=lambda u: (-overdue_by_unit[u], u))[:3]:
        records.append(dict(day=rand_date(rng, date(2022, 9, 5), date(2022, 9, 20)), target=unit, unit="",
                            kind="约谈", reason=f"隐患逾期未整改{overdue_by_unit[unit]}项，整改进度滞后", related=""))
    for g, missed in RECHECK_MISSED.items():
        for dept in missed:
            records.append(dict(day=date(2022, 11, 8), target="区" + dept, unit="", kind="通报批评",
                                reason=f"第{CN_NUM[g - 1]}督导组“回头看”期间未按要求接受督导检查", related=""))
    late = [x for x in listings if x["deadline"] and x["deadline"] < AS_OF and
            (x["delisted"] is None or x["delisted"] > x["deadline"])]
    for x in late[:6]:
        records.append(dict(day=min(x["deadline"] + timedelta(days=int(rng.integers(3, 10))), AS_OF), target=x["ent"],
                            unit=x["unit"], kind="警示函", reason="挂牌督办重大隐患逾期未完成整改", related=""))
    top = sorted(overdue_by_unit, key=lambda u: (-overdue_by_unit[u], u))[0]
    records.append(dict(day=date(2022, 10, 28), target=top, unit="", kind="问责",
                        reason="约谈后整改仍不到位，对分管负责人进行问责", related=""))
    if late:
        records.append(dict(day=date(2022, 11, 15), target=late[0]["ent"], unit=late[0]["unit"], kind="提级调查",
                            reason="挂牌督办重大隐患长期未整改，由区安委会提级调查", related=""))
    records.sort(key=lambda r: (r["day"], r["kind"], r["target"]))
    for i, r in enumerate(records, 1):
        stem = {"约谈": "湛安委办", "通报批评": "湛安委", "警示函": "湛安委办函", "问责": "湛纪", "提级调查": "湛安委"}[r["kind"]]
        r["doc"] = f"{stem}〔2022〕{10 + i}号"
    return records


def problems_table(problems: list[dict[str, Any]], rng: np.random.Generator) -> Table:
    cols = [Col("序号", "seq", None, 5), Col("问题编号", "no", None, 14), Col("督导组", "group", None, 11),
            Col("督导对象", "target", None, 24), Col("所属乡（街道）", "unit", None, 11),
            Col("发现日期", "found", None, 11), Col("问题描述", "desc", None, 30), Col("问题类别", "category", None, 10),
            Col("交办日期", "assigned", "交办整改", 11), Col("整改责任单位", "org", "交办整改", 18),
            Col("整改时限", "deadline", "交办整改", 11), Col("整改情况", "status", "交办整改", 9),
            Col("整改完成日期", "done", "交办整改", 11), Col("复查日期", "recheck", "复查销号", 11),
            Col("复查结果", "result", "复查销号", 9), Col("销号日期", "closed", "复查销号", 11), Col("备注", "remark", None, 10)]
    t = Table(title="湛河区安委会督导组督导发现问题清单", cols=cols, subtitle=("填报单位：区安委会办公室",
                                                                        f"截止日期：{FILL_DATE_TEXT}"))

    def render(pr):
        return dict(pr, group=group_written(pr["group"], rng), unit=unit_written(rng, pr["unit"]) if pr["unit"] else "",
                    status=pick(rng, {"已整改": ["已整改", "已完成", "整改完成"], "整改中": ["整改中", "正在整改"],
                                      "未整改": ["未整改", "未完成"]}[pr["status"]]),
                    result=pr["result"] and pick(rng, {"通过": ["通过", "合格", "复查合格"],
                                                       "未通过": ["未通过", "不合格"]}[pr["result"]]),
                    remark="回头看复查" if pr["recheck"] else "")
    bad = {}
    for r, (fld, val) in _bad_rows_for(F_PROBLEMS, "问题清单").items():
        rec = render(dict(problems[0], no="DD1-2022-B01", found=date(2022, 5, 1), assigned=date(2022, 5, 10),
                          recheck=None, result=None, closed=None))
        rec["recheck"] = Raw(val)
        bad[r] = rec
    compose(t, [render(pr) for pr in problems], bad, 1, rng)
    t.notes = ["注：整改情况填写未整改、整改中或已整改；复查未通过的问题重新交办，整改后方可销号。"]
    return t


def listings_table(listings: list[dict[str, Any]], rng: np.random.Generator) -> Table:
    cols = [Col("序号", "seq", None, 5), Col("所属乡（街道）", "unit", None, 11), Col("单位名称", "ent", None, 26),
            Col("隐患描述", "desc", None, 30), Col("挂牌级别", "level", None, 9), Col("挂牌日期", "listed", None, 11),
            Col("督办单位", "office", None, 16), Col("整改时限", "deadline", None, 11),
            Col("摘牌日期", "delisted", None, 11), Col("验收单位", "acceptor", None, 16)]
    t = Table(title="湛河区重大事故隐患挂牌督办登记表", cols=cols, subtitle="填报单位：湛河区安委会办公室")

    def render(x):
        return dict(x, unit=unit_written(rng, x["unit"]),
                    level=pick(rng, {"区级": ["区级", "区级挂牌"], "市级": ["市级", "市挂牌"], "省级": ["省级"]}[x["level"]]))
    bad = {}
    for r, (fld, val) in _bad_rows_for(F_LISTINGS, "挂牌督办").items():
        rec = render(dict(listings[0], listed=date(2022, 5, 20), delisted=None))
        rec["delisted"] = Raw(val)
        bad[r] = rec
    compose(t, [render(x) for x in listings], bad, 0, rng)
    t.notes = ["注：挂牌督办的重大事故隐患整改完成并经验收合格后摘牌。"]
    return t


def accountability_table(records: list[dict[str, Any]], rng: np.random.Generator) -> Table:
    cols = [Col("序号", "seq", None, 5), Col("日期", "day", None, 11), Col("对象", "target", None, 26),
            Col("所属乡（街道）", "unit", None, 11), Col("类型", "kind", None, 9), Col("事由", "reason", None, 36),
            Col("发文字号", "doc", None, 18), Col("关联", "related", None, 12)]
    t = Table(title="湛河区安全生产约谈、通报、问责情况登记表", cols=cols, subtitle="填报单位：湛河区安委会办公室")
    rows = [dict(r, target=unit_written(rng, r["target"]) if r["target"] in UNIT_NAMES else r["target"],
                 unit=unit_written(rng, r["unit"]) if r["unit"] else "") for r in records]
    compose(t, rows, {}, 0, rng)
    return t


def loop_truth(truth: Truth, seed: int = 2022) -> tuple[list, list, list, np.random.Generator]:
    rng = np.random.default_rng(seed + 14)
    problems = make_problems(rng, truth.visits)
    listings = make_listings(rng, truth.hazards)
    return problems, listings, make_accountability(rng, truth.hazards, listings), rng


# ------------------------------------------------------------------ the 底数 and accidents

N_NEVER_INSPECTED = 300           # registered units with no hazard on file: the register's point
SCALES = ["规上", "规下", "小微", "个体"]
ACCIDENT_TYPES = ["物体打击", "车辆伤害", "机械伤害", "起重伤害", "触电", "火灾", "高处坠落", "坍塌", "中毒和窒息", "其他伤害"]


def make_register(rng: np.random.Generator, ents: list[Enterprise]) -> list[dict[str, Any]]:
    """Every demo enterprise, then N_NEVER_INSPECTED more that no ledger names (never inspected)."""
    out = [dict(ent=e.name, code=e.code, unit=e.unit, ind=e.industry, dept=INDUSTRIES[e.industry][0],
                scale=pick(rng, SCALES, [0.15, 0.3, 0.4, 0.15]), key="是" if chance(rng, 0.1) else "否")
           for e in ents]
    names, codes = {e.name for e in ents}, {e.code for e in ents}
    inds = list(INDUSTRIES)
    while len(out) < len(ents) + N_NEVER_INSPECTED:
        ind = pick(rng, inds)
        suffix, kind = pick(rng, NAME_SUFFIXES[ind])
        name = "湛河区" + pick(rng, TRADE_CHARS) + pick(rng, TRADE_CHARS) + pick(rng, TRADE_CHARS) + suffix
        code = make_uscc(rng, kind) if chance(rng, 0.9) else ""
        if name in names or (code and code in codes):
            continue
        names.add(name)
        codes.add(code)
        out.append(dict(ent=name, code=code, unit=pick(rng, UNIT_NAMES), ind=ind, dept=INDUSTRIES[ind][0],
                        scale=pick(rng, SCALES, [0.05, 0.2, 0.45, 0.3]), key="是" if chance(rng, 0.05) else "否"))
    return out


def make_accidents(rng: np.random.Generator, ents: list[Enterprise]) -> list[dict[str, Any]]:
    """About two dozen accidents a year in 2021 and 2022 (fewer in 2022), a few 瞒报谎报."""
    out = []
    for year, n in ((2021, 26), (2022, 19)):
        for i, day in enumerate(sorted(rand_date(rng, date(year, 1, 1), date(year, 11, 30)) for _ in range(n))):
            e = pick(rng, ents)
            deaths = int(pick(rng, [0, 1, 2], [0.55, 0.4, 0.05]))
            out.append(dict(no=f"SG{year}{len(out) + 1:03d}", day=day, unit=e.unit, ent=e.name, ind=e.industry,
                            kind=pick(rng, ACCIDENT_TYPES), deaths=deaths, injuries=int(rng.integers(0, 4)),
                            loss=round(float(rng.uniform(2, 150)) * (1 + deaths), 1),
                            # the year's 8th is always one, so each year shows the flag
                            concealed="是" if chance(rng, 0.06) or i == 7 else "否"))
    return out


N_WITHOUT_PLACE = 40              # registered units whose 经度/纬度 the register leaves blank


def register_places(rows: list[dict[str, Any]], seed: int = 2022) -> list[dict[str, Any]]:
    """The rows with 经度/纬度 (lon, lat): a point inside the unit's area on the map (maps.schematic_cells), drawn
    by an rng of its own so the rest of the demo stays as it was; the last N_WITHOUT_PLACE rows have none."""
    from . import maps

    cells = maps.schematic_cells()
    area = dict(zip(cells["name"], cells.geometry))
    rng = np.random.default_rng(seed + 1515)
    out = []
    for i, r in enumerate(rows):
        if i >= len(rows) - N_WITHOUT_PLACE:
            out.append(dict(r, lon="", lat=""))
            continue
        shape = area[r["unit"]]
        minx, miny, maxx, maxy = shape.bounds
        while not shape.contains(point := maps.Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))):
            pass
        out.append(dict(r, lon=round(point.x, 6), lat=round(point.y, 6)))
    return out


def register_table(rows: list[dict[str, Any]], rng: np.random.Generator) -> Table:
    cols = [Col("序号", "seq", None, 6), Col("单位名称", "ent", None, 28), Col("统一社会信用代码", "code", None, 21),
            Col("所属乡（街道）", "unit", None, 11), Col("行业领域", "ind", None, 11), Col("监管部门", "dept", None, 16),
            Col("规模", "scale", None, 7), Col("是否重点", "key", None, 8), Col("经度", "lon", None, 11),
            Col("纬度", "lat", None, 10)]
    t = Table(title="湛河区生产经营单位名录", cols=cols, subtitle="填报单位：湛河区安委会办公室")
    compose(t, [dict(r, unit=unit_written(rng, r["unit"])) for r in register_places(rows)], {}, 0, rng)
    return t


def accidents_table(rows: list[dict[str, Any]], rng: np.random.Generator) -> Table:
    cols = [Col("序号", "seq", None, 6), Col("事故编号", "no", None, 12), Col("发生日期", "day", None, 11),
            Col("所属乡（街道）", "unit", None, 11), Col("单位名称", "ent", None, 28), Col("行业领域", "ind", None, 11),
            Col("事故类型", "kind", None, 11), Col("死亡人数", "deaths", None, 8), Col("受伤人数", "injuries", None, 8),
            Col("直接经济损失（万元）", "loss", None, 12), Col("是否瞒报谎报", "concealed", None, 10)]
    t = Table(title="湛河区生产安全事故台账（2021-2022年）", cols=cols, subtitle="填报单位：湛河区应急管理局")
    compose(t, [dict(r, unit=unit_written(rng, r["unit"])) for r in rows], {}, 0, rng)
    return t


def register_truth(truth: Truth, seed: int = 2022) -> tuple[list, list, np.random.Generator]:
    rng = np.random.default_rng(seed + 15)
    return make_register(rng, truth.enterprises), make_accidents(rng, truth.enterprises), rng

# ------------------------------------------------------------------ expected results

def expected_counts(seed: int = 2022) -> dict[str, int]:
    """Rows the importer should accept per ledger type (bad rows, blanks, 合计 and notes excluded)."""
    t, _ = build_truth(seed)
    assign = sum(len(u) + len(d) for u, d in ASSIGNMENT.values())
    return dict(hazards=len(t.hazards), hazards_major=sum(h["level"] == "重大" for h in t.hazards),
                enterprises=len(t.enterprises), enforcement=len(t.cases), supervision=len(t.visits),
                assignments=assign, monthly_reports=len(t.monthly), submissions=len(t.submissions), tips=len(t.tips),
                **_loop_counts(t, seed))


def _loop_counts(t: Truth, seed: int) -> dict[str, int]:
    problems, listings, records, _ = loop_truth(t, seed)
    register, accidents, _ = register_truth(t, seed)
    return dict(problems=len(problems), listings=len(listings), accountability=len(records), register=len(register),
                accidents=len(accidents))


def expected_file_counts(seed: int = 2022) -> dict[tuple[str, str], int]:
    """Rows the importer should accept per (file, sheet)."""
    t, _ = build_truth(seed)
    out: dict[tuple[str, str], int] = {}

    def add(file: str, sheet: str, n: int) -> None:
        out[(file, sheet)] = out.get((file, sheet), 0) + n

    for key, style in HZ_FILES.items():
        add(hz_file_name(key), style["sheet"], sum(h["file"] == key for h in t.hazards))
    for c in t.cases:
        file, sheet = {"应急管理局": (F_CASE_YJ, "执法台账"), "消防救援大队": (F_CASE_XF, "Sheet1")}.get(c["dept"], (F_CASE_ALL, "汇总"))
        add(file, sheet, 1)
    add(F_VISIT, "督导检查", sum(v["type"] == "督导检查" for v in t.visits))
    add(F_RECHECK, "回头看", sum(v["type"] == "回头看" for v in t.visits))
    add(F_ASSIGN, "分工", sum(len(u) + len(d) for u, d in ASSIGNMENT.values()))
    for m in range(4, 12):
        add(F_MONTHLY, f"{m}月", sum(r["month"] == m for r in t.monthly))
    add(F_SUBMIT, "报送情况", len(t.submissions))
    add(F_TIPS, "受理台账", len(t.tips))
    loop = _loop_counts(t, seed)
    add(F_PROBLEMS, "问题清单", loop["problems"])
    add(F_LISTINGS, "挂牌督办", loop["listings"])
    add(F_ACCOUNTABILITY, "约谈通报问责", loop["accountability"])
    add(F_REGISTER, "名录", loop["register"])
    add(F_ACCIDENTS, "事故台账", loop["accidents"])
    return out


# ------------------------------------------------------------------ orchestration

def generate_sample_ledgers(out_dir: Path, seed: int = 2022) -> list[Path]:
    """Write every demo ledger into out_dir; returns the paths (sorted)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    truth, rng = build_truth(seed)
    written: list[Path] = []

    def book(name: str, sheets: list[tuple[str, Table]], readme: bool = False) -> None:
        path = out_dir / name
        b = Book(path)
        if readme:
            ws = b.wb.add_worksheet("说明")
            ws.set_column(0, 0, 100)
            for i, line in enumerate(README_LINES):
                ws.write_string(i, 0, line, b.title if i == 0 else b.note)
        for sheet, t in sheets:
            b.write_table(sheet, t)
        b.close()
        written.append(path)

    for name, t in hazard_tables(truth, rng).items():
        if name.endswith(".csv"):
            write_csv(out_dir / name, t)
            written.append(out_dir / name)
        else:
            style = next(s for k, s in HZ_FILES.items() if hz_file_name(k) == name)
            book(name, [(style["sheet"], t)])
    for name, (sheet, t) in case_tables(truth, rng).items():
        book(name, [(sheet, t)])
    for name, (sheet, t) in visit_tables(truth, rng).items():
        book(name, [(sheet, t)])
    book(F_ASSIGN, [("分工", assignment_table(rng))])
    book(F_MONTHLY, monthly_tables(truth, rng), readme=True)
    book(F_SUBMIT, [("报送情况", submissions_table(truth, rng))])
    book(F_TIPS, [("受理台账", tips_table(truth, rng))])
    problems, listings, records, loop_rng = loop_truth(truth, seed)
    book(F_PROBLEMS, [("问题清单", problems_table(problems, loop_rng))])
    book(F_LISTINGS, [("挂牌督办", listings_table(listings, loop_rng))])
    book(F_ACCOUNTABILITY, [("约谈通报问责", accountability_table(records, loop_rng))])
    register, accidents, register_rng = register_truth(truth, seed)
    book(F_REGISTER, [("名录", register_table(register, register_rng))])
    book(F_ACCIDENTS, [("事故台账", accidents_table(accidents, register_rng))])
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else DEFAULT_OUT
    paths = generate_sample_ledgers(out)
    total = sum(p.stat().st_size for p in paths)
    for p in paths:
        print(f"{p.stat().st_size:>9,}  {p.name}")
    print(f"{len(paths)} files, {total / 1e6:.2f} MB -> {out}")
    for k, v in expected_counts().items():
        print(f"  {k}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
