#!/usr/bin/env python3
"""
gen_workload.py — the benchmark's workload, generated deterministically.

Writes into OUTDIR:
  docs/        generated reports (our own prose and markup; only their
               structure is modelled on the corpus, never its text)
  manifest.tsv one line per document: id, path, kind (html|text), class, bytes, name
               (the corpus documents are listed by their path under
               ../shared/corpus and never copied)
  truth.jsonl  for every generated document, the table 3 and table 4 cells
               it prints (null = a blank cell), so the benchmark can check
               that govreport and the baseline really extract them

Classes:
  corpus        the real documents of ../shared/corpus/docs (HTML and text)
  typical       Word-exported or CMS-editor HTML pages of 60-150 KB
  typical_text  text reports of 5-20 KB: one cell per line, tab separated,
                space aligned (pdftotext -layout style), Markdown pipe tables
  large         ~1 MB HTML pages (a report with a long appendix)
  scale         one HTML and one text document per size step (10 KB .. 10 MB)

Every generated report is internally consistent: row sums, the table 3
balance and outcome sums, and the table 4 sums all hold, and the prose
states counts that match the tables.  Agency-years are distinct.

Usage: gen_workload.py OUTDIR [--quick] [--seed N]
"""
import json
import os
import random
import sys

CORPUS = os.environ.get("GR_CORPUS", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", "..", "shared", "corpus", "docs"))

# ------------------------------------------------------------------ template

T3_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org"]
T3_COL_LABELS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

# (code, label, group label or None); group rows carry no cells
T3_ROWS = [
    ("received", "一、本年新收政府信息公开申请数量", None),
    ("carried_over", "二、上年结转政府信息公开申请数量", None),
    ("granted", "（一）予以公开", "R"),
    ("partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "R"),
    ("denied_state_secret", "1.属于国家秘密", "（三）不予公开"),
    ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", "（三）不予公开"),
    ("denied_security_stability", "3.危及“三安全一稳定”", "（三）不予公开"),
    ("denied_third_party", "4.保护第三方合法权益", "（三）不予公开"),
    ("denied_internal_affairs", "5.属于三类内部事务信息", "（三）不予公开"),
    ("denied_process_info", "6.属于四类过程性信息", "（三）不予公开"),
    ("denied_enforcement_file", "7.属于行政执法案卷", "（三）不予公开"),
    ("denied_inquiry_matter", "8.属于行政查询事项", "（三）不予公开"),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", "（四）无法提供"),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", "（四）无法提供"),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", "（四）无法提供"),
    ("rejected_petition", "1.信访举报投诉类申请", "（五）不予处理"),
    ("rejected_repeat", "2.重复申请", "（五）不予处理"),
    ("rejected_publication", "3.要求提供公开出版物", "（五）不予处理"),
    ("rejected_excessive", "4.无正当理由大量反复申请", "（五）不予处理"),
    ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", "（五）不予处理"),
    ("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "（六）其他处理"),
    ("other_misc", "3.其他", "（六）其他处理"),
    ("concluded", "（七）总计", "R"),
    ("carried_forward", "四、结转下年度继续办理", None),
]
OUTCOMES = [r[0] for r in T3_ROWS[2:23]]
# how often each outcome happens, roughly as in published reports
OUTCOME_WEIGHTS = [30, 4, 0.3, 0.5, 0.2, 1, 0.8, 1.5, 0.3, 1, 18, 2, 2, 3, 2, 0.5, 0.3, 1, 1.5, 0.2, 4]

T4_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
T4_COL_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

# ------------------------------------------------------------------ names

PLACES = ["东川区", "南湖县", "西林县", "北岗区", "青石县", "白水县", "长宁区", "临江市", "安平县", "永和县",
          "清河区", "柳营县", "石门县", "金沙县", "玉泉区", "高阳县", "新丰县", "兴隆县", "凤鸣区", "云台县",
          "松岭县", "梅溪县", "桃源县", "平湖市", "望海区", "丰乐县", "泰和县", "宁远县", "双桥区", "龙潭县",
          "江北区", "湖东县", "广德县", "德安县", "山阳县", "河西区", "宝丰县", "瑞安县", "嘉禾县", "太平区",
          "明月县", "上林县", "汉阴县", "富川县", "来安县", "昌乐县", "东源县", "秀山县", "华容县", "新城区"]
DEPTS = ["发展和改革局", "教育局", "科学技术局", "工业和信息化局", "民政局", "司法局", "财政局",
         "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
         "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局",
         "审计局", "市场监督管理局", "统计局", "医疗保障局", "人民政府办公室", "数据局", "林业局",
         "城市管理局", "行政审批局", "体育局", "档案局"]
YEARS = [2021, 2022, 2023, 2024, 2025]

# Our own phrases about disclosure work, combined at random into prose.
OPENERS = ["本年度", "报告期内", "一年来", "今年以来", "全年", "同时", "此外", "与此同时", "在此基础上", "下一步"]
CLAUSES = [
    "坚持把政务公开作为推进依法行政的重要抓手", "持续健全信息发布审核机制", "严格落实公开属性源头认定",
    "及时更新政府信息公开指南和目录", "围绕群众关注的热点问题做好回应", "加强政策文件的解读与宣传",
    "优化门户网站栏目设置和页面布局", "规范政务新媒体的日常运营管理", "推动公开内容与办事服务深度融合",
    "完善依申请公开受理、办理、答复各环节", "强化公开工作人员业务培训", "定期开展网站内容保障自查",
    "做好历史文件的清理和归档", "落实保密审查和个人信息保护要求", "畅通线上线下多种申请渠道",
    "加强与业务科室的沟通协调", "把公开要求嵌入公文办理全流程", "建立公开工作台账并动态更新",
    "主动听取服务对象意见建议", "健全考核评议和社会监督机制", "推进决策草案向社会征求意见",
    "做好重要会议和重大活动的信息发布", "加强网站无障碍和适老化建设", "提升检索和在线查阅功能",
    "规范公开文件的格式和版式", "及时清理失效和过期信息", "推动数据资源开放共享",
    "把公开工作纳入年度目标管理", "细化公开事项清单和标准", "推进基层政务公开标准化规范化",
]
COUNT_CLAUSES = [
    "通过门户网站发布各类信息{n}条", "发布政策解读材料{n}篇", "召开新闻发布会{n}场", "答复网民留言{n}条",
    "组织业务培训{n}次", "更新办事指南{n}项", "推送政务微信{n}条", "开展专项检查{n}次",
    "征集意见建议{n}条", "编印宣传资料{n}份",
]
CLOSERS = ["取得了较好成效。", "公开质量稳步提升。", "工作机制更加健全。", "群众满意度有所提高。",
           "为下一步工作打下了基础。", "工作规范化水平进一步提高。", "各项任务得到有效落实。"]
PROBLEMS = ["部分科室对公开工作重视程度仍需提高", "政策解读的形式还不够丰富", "信息发布的及时性有待加强",
            "公开队伍的专业能力需要进一步提升", "栏目内容更新不够均衡", "回应关切的深度还不够"]
DOC_KINDS = ["关于印发{p}{t}工作方案的通知", "关于开展{t}专项行动的通知", "关于做好{t}有关工作的通知",
             "{p}{t}实施细则", "关于进一步加强{t}管理的意见", "关于公布{t}名单的公告"]
DOC_TOPICS = ["营商环境优化", "安全生产检查", "项目资金管理", "重点项目建设", "公共服务提升", "政务服务改革",
              "数字政府建设", "乡村振兴", "城市更新", "文明城市创建", "节能降碳", "社会信用体系建设",
              "应急物资储备", "统计数据质量", "档案规范管理", "人才引进培养"]
DOC_CATEGORIES = ["规划计划", "政策文件", "财政信息", "人事信息", "重点项目", "公共服务", "监督检查", "其他信息"]


def agency_name(i):
    return PLACES[i % len(PLACES)] + DEPTS[(i // len(PLACES)) % len(DEPTS)]


def short_name(agency):
    return agency[:2] + agency[3:5] if len(agency) > 5 else agency


# ------------------------------------------------------------------ numbers

class Report:
    """One report's numbers, all identities holding."""

    def __init__(self, rng, agency, year):
        self.agency, self.year = agency, year
        self.published = "%d-%02d-%02d" % (year + 1, rng.choice([1, 1, 1, 2, 3]), rng.randint(1, 28))
        size = rng.choice([3, 8, 20, 40, 90, 200, 600])
        t3 = {code: [0] * 7 for code, _, _ in T3_ROWS}
        for c in range(6):
            share = [1.0, 0.25, 0.04, 0.03, 0.05, 0.08][c]
            received = int(rng.expovariate(1.0 / (size * share))) if rng.random() < (1.0 if c == 0 else 0.45) else 0
            carried_over = rng.randint(0, max(0, received // 6)) if rng.random() < 0.5 else 0
            carried_forward = rng.randint(0, (received + carried_over) // 5) if rng.random() < 0.5 else 0
            concluded = received + carried_over - carried_forward
            outcome = [0] * len(OUTCOMES)
            for _ in range(concluded):
                outcome[rng.choices(range(len(OUTCOMES)), OUTCOME_WEIGHTS)[0]] += 1
            t3["received"][c] = received
            t3["carried_over"][c] = carried_over
            t3["carried_forward"][c] = carried_forward
            t3["concluded"][c] = concluded
            for k, code in enumerate(OUTCOMES):
                t3[code][c] = outcome[k]
        for code in t3:
            t3[code][6] = sum(t3[code][:6])
        self.t3 = t3
        # legal-person columns that are zero everywhere: some reports leave them blank
        self.blank_cols = [c for c in range(1, 6) if all(t3[code][c] == 0 for code in t3)] \
            if rng.random() < 0.35 else []
        t4 = {}
        for g in T4_GROUPS:
            v = [rng.choice([0, 0, 0, 0, 1, 2, 3, 5]) for _ in range(4)]
            t4[g] = v + [sum(v)]
        self.t4 = t4
        in_force = rng.randint(0, 12)
        self.t2 = {
            "rules": [rng.choice([0, 0, 0, 1, 2]), rng.choice([0, 0, 1]), in_force],
            "normative_documents": [rng.randint(0, 30), rng.randint(0, 8), rng.randint(10, 260)],
            "licensing": [rng.choice([0, rng.randint(1, 5000)])],
            "penalty": [rng.choice([0, rng.randint(1, 2000)])],
            "coercion": [rng.choice([0, 0, rng.randint(1, 90)])],
            "fees": ["0" if rng.random() < 0.7 else "%d.%02d" % (rng.randint(0, 900), rng.randint(0, 99))],
        }

    def t3_cell(self, code, c):
        """The printed text of a table 3 cell ('' = blank)."""
        if c in self.blank_cols:
            return ""
        return str(self.t3[code][c])

    def truth(self, blanks=True):
        """The cells as printed; text layouts print every number (blanks=False)."""
        cells = {}
        for code, _, _ in T3_ROWS:
            for c, col in enumerate(T3_COLS + ["total"]):
                cells["t3.%s.%s" % (code, col)] = None if blanks and c in self.blank_cols else self.t3[code][c]
        for g in T4_GROUPS:
            for c, col in enumerate(T4_COLS):
                cells["t4.%s.%s" % (g, col)] = self.t4[g][c]
        return cells

    def title(self):
        return "%s%d年政府信息公开工作年度报告" % (self.agency, self.year)


# ------------------------------------------------------------------ prose

def sentence(rng):
    parts = [rng.choice(OPENERS) + "，"]
    for _ in range(rng.randint(2, 4)):
        if rng.random() < 0.35:
            parts.append(rng.choice(COUNT_CLAUSES).format(n=rng.randint(2, 3000)) + "，")
        else:
            parts.append(rng.choice(CLAUSES) + "，")
    parts.append(rng.choice(CLOSERS))
    return "".join(parts)


def paragraph(rng, n=None):
    return "".join(sentence(rng) for _ in range(n or rng.randint(2, 5)))


def narrative(rep):
    t3, t4 = rep.t3, rep.t4
    return ("%d年，本机关共新收政府信息公开申请%d件，上年结转%d件。" % (rep.year, t3["received"][6], t3["carried_over"][6])
            + "全年办结申请%d件，其中予以公开%d件，均在法定期限内答复。" % (t3["concluded"][6], t3["granted"][6])
            + "因政府信息公开工作被申请行政复议%d件。" % t4["review"][4])


# ------------------------------------------------------------------ HTML

class Html:
    """Markup in one of three house styles.

    word  Word's own HTML (class=MsoNormal, mso- styles, unquoted attributes,
          <o:p>, numbers split across spans) pasted into a CMS page;
    cms   a CMS rich-text editor's markup (p/span/font with inline styles);
    plain light markup, for the size-scaling documents.
    """

    def __init__(self, rng, style, weight):
        self.rng, self.style, self.weight = rng, style, weight
        self.font = rng.choice(["仿宋_GB2312", "宋体", "方正仿宋_GBK", "微软雅黑"])

    def span(self, text, ascii_=False):
        if self.style == "plain":
            return text
        if self.style == "cms":
            return '<span style="font-family: %s;">%s</span>' % (self.font, text)
        # Word: weight 0 is "filtered" HTML, 3 the full export
        if self.weight == 0:
            return "<span lang=EN-US>%s</span>" % text if ascii_ else \
                "<span style='font-family:%s'>%s</span>" % (self.font, text)
        if ascii_:
            st = "font-size:10.5pt"
            if self.weight >= 2:
                st += ";font-family:\"Times New Roman\",\"serif\";mso-fareast-font-family:%s" % self.font
            if self.weight >= 3:
                st += ";color:black;mso-font-kerning:0pt"
            return "<span lang=EN-US style='%s'>%s</span>" % (st, text)
        st = "font-size:10.5pt;font-family:%s" % self.font
        if self.weight >= 2:
            st += ";mso-ascii-font-family:\"Times New Roman\";mso-hansi-font-family:\"Times New Roman\""
        if self.weight >= 3:
            st += ";mso-bidi-font-family:宋体;color:black;mso-font-kerning:0pt"
        return "<span style='%s'>%s</span>" % (st, text)

    def cell_text(self, text):
        """A cell's text inside a paragraph, Word's way."""
        if self.style == "plain":
            return text
        if text == "":
            inner = self.span("<o:p>&nbsp;</o:p>", True) if self.style == "word" else \
                self.span("<o:p> </o:p>")
        elif text.replace(".", "").isdigit():
            if self.style == "word" and len(text) >= 2 and self.rng.random() < 0.08:
                k = self.rng.randint(1, len(text) - 1)
                inner = self.span(text[:k], True) + self.span(text[k:], True)
            else:
                inner = self.span(text, True)
            inner += self.span("<o:p></o:p>", True) if self.style == "word" and self.weight > 0 else ""
        else:
            # Word breaks runs of CJK text at arbitrary points too
            if self.style != "plain" and len(text) > 3 and self.rng.random() < 0.3:
                k = self.rng.randint(1, len(text) - 1)
                inner = self.span(text[:k]) + self.span(text[k:])
            else:
                inner = self.span(text)
            if self.style == "word" and self.weight > 0:
                inner += self.span("<o:p></o:p>", True)
        if self.style == "word":
            if self.weight <= 1:
                return "<p class=MsoNormal align=center style='text-align:center'>%s</p>" % inner
            return "<p class=MsoNormal align=center style='text-align:center;line-height:15.0pt;mso-line-height-rule:exactly'>%s</p>" % inner
        return '<p style="text-align: center; line-height: 1.5; font-family: %s;" align="center">%s</p>' % (self.font, inner)

    def td(self, text, colspan=1, rowspan=1, width=57):
        attrs = ""
        if colspan > 1:
            attrs += " colspan=%d" % colspan if self.style == "word" else ' colspan="%d"' % colspan
        if rowspan > 1:
            attrs += " rowspan=%d" % rowspan if self.style == "word" else ' rowspan="%d"' % rowspan
        if self.style == "word":
            st = "width:%.1fpt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt" % (width * 0.75)
            if self.weight >= 1:
                st += ";border-top:none;mso-border-top-alt:solid windowtext .5pt;mso-border-alt:solid windowtext .5pt"
            if self.weight >= 2:
                st += ";height:22.5pt"
            if self.weight >= 3:
                st += ";mso-border-left-alt:solid windowtext .5pt;mso-border-bottom-alt:solid windowtext .5pt"
            return "<td width=%d%s valign=center style='%s'>\n  %s\n  </td>\n" % (width, attrs, st, self.cell_text(text))
        if self.style == "cms":
            return '<td%s style="font-family: %s;" width="%d" valign="center">\n      %s\n      </td>\n' % (
                attrs, self.font, width, self.cell_text(text))
        return "<td%s>%s</td>" % (attrs, text)

    def tr(self, cells, irow=0):
        if self.style == "word":
            return " <tr style='mso-yfti-irow:%d;height:22.5pt'>\n%s </tr>\n" % (irow, "".join(cells))
        if self.style == "cms":
            return "    <tr>\n%s    </tr>\n" % "".join(cells)
        return "<tr>%s</tr>\n" % "".join(cells)

    def table(self, rows):
        if self.style == "word":
            head = ("<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=600 "
                    "style='width:450.0pt;border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
                    "mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n")
            return head + "".join(self.tr(r, i) for i, r in enumerate(rows)) + "</table>\n</div>\n"
        if self.style == "cms":
            return ('<table style="BORDER-COLLAPSE:collapse" cellspacing="0" cellpadding="2" bordercolor="#000000" border="1">\n  <tbody>\n'
                    + "".join(self.tr(r) for r in rows) + "  </tbody>\n</table>\n")
        return "<table border=1>\n" + "".join(self.tr(r) for r in rows) + "</table>\n"

    def para(self, text, heading=False):
        if self.style == "plain":
            return "<p>%s</p>\n" % text
        if self.style == "cms":
            face = "方正黑体_GBK" if heading else "方正仿宋_GBK"
            chunks, i = [], 0
            while i < len(text):
                k = self.rng.randint(6, 40)
                chunks.append('<font style="font-family: %s;" face="%s">%s</font>' % (self.font, face, text[i:i + k]))
                i += k
            return ('<p style="text-indent: 2em; text-align: justify; line-height: 2; font-family: %s;" align="">'
                    '<span style="font-family: %s;">%s</span><span style="font-family: %s;"><o:p></o:p></span></p>\n'
                    % (self.font, self.font, "".join(chunks), self.font))
        st = "text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly"
        runs, i = [], 0
        while i < len(text):
            k = self.rng.randint(8, 60)
            piece = text[i:i + k]
            fam = "黑体" if heading else self.font
            runs.append("<span style='font-size:16.0pt;font-family:%s;mso-ascii-font-family:\"Times New Roman\";"
                        "mso-hansi-font-family:\"Times New Roman\"'>%s</span>" % (fam, piece))
            i += k
        return "<p class=MsoNormal style='%s'>%s<span lang=EN-US style='font-size:16.0pt'><o:p></o:p></span></p>\n" % (
            st, "".join(runs))


def html_t2(h, rep):
    t2 = rep.t2
    w = [220, 130, 130, 130]
    rows = [
        [h.td("第二十条第（一）项", colspan=4, width=610)],
        [h.td("信息内容", width=w[0]), h.td("本年制发件数", width=w[1]), h.td("本年废止件数", width=w[2]),
         h.td("现行有效件数", width=w[3])],
        [h.td("规章", width=w[0])] + [h.td(str(v), width=w[1]) for v in t2["rules"]],
        [h.td("行政规范性文件", width=w[0])] + [h.td(str(v), width=w[1]) for v in t2["normative_documents"]],
        [h.td("第二十条第（五）项", colspan=4, width=610)],
        [h.td("信息内容", width=w[0]), h.td("本年处理决定数量", colspan=3, width=390)],
        [h.td("行政许可", width=w[0]), h.td(str(t2["licensing"][0]), colspan=3, width=390)],
        [h.td("第二十条第（六）项", colspan=4, width=610)],
        [h.td("信息内容", width=w[0]), h.td("本年处理决定数量", colspan=3, width=390)],
        [h.td("行政处罚", width=w[0]), h.td(str(t2["penalty"][0]), colspan=3, width=390)],
        [h.td("行政强制", width=w[0]), h.td(str(t2["coercion"][0]), colspan=3, width=390)],
        [h.td("第二十条第（八）项", colspan=4, width=610)],
        [h.td("信息内容", width=w[0]), h.td("本年收费金额（单位：万元）", colspan=3, width=390)],
        [h.td("行政事业性收费", width=w[0]), h.td(t2["fees"][0], colspan=3, width=390)],
    ]
    return h.table(rows)


def html_t3(h, rep):
    vals = lambda code: [h.td(rep.t3_cell(code, c), width=44) for c in range(7)]
    rows = [
        [h.td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3, width=323),
         h.td("申请人情况", colspan=7, width=324)],
        [h.td("自然人", rowspan=2, width=43), h.td("法人或其他组织", colspan=5, width=236),
         h.td("总计", rowspan=2, width=44)],
        [h.td(lbl, width=46) for lbl in T3_COL_LABELS[1:]],
    ]
    groups_done = []
    for code, label, group in T3_ROWS:
        if group is None:
            rows.append([h.td(label, colspan=3, width=323)] + vals(code))
            continue
        lead = []
        if code == "granted":
            lead.append(h.td("三、本年度办理结果", rowspan=22, width=51))
        if group == "R":
            rows.append(lead + [h.td(label, colspan=2, width=271)] + vals(code))
            continue
        if group not in groups_done:
            groups_done.append(group)
            n = sum(1 for r in T3_ROWS if r[2] == group)
            lead.append(h.td(group, rowspan=n, width=88))
        rows.append(lead + [h.td(label, width=183)] + vals(code))
    return h.table(rows)


def html_t4(h, rep):
    rows = [
        [h.td("行政复议", colspan=5, width=204), h.td("行政诉讼", colspan=10, width=428)],
        [h.td(lbl, rowspan=2, width=40) for lbl in T4_COL_LABELS]
        + [h.td("未经复议直接起诉", colspan=5, width=213), h.td("复议后起诉", colspan=5, width=214)],
        [h.td(lbl, width=42) for lbl in T4_COL_LABELS * 2],
        [h.td(str(v), width=42) for g in T4_GROUPS for v in rep.t4[g]],
    ]
    return h.table(rows)


def html_chrome_head(rng, rep, h):
    site = rep.agency[:3] + "人民政府"
    css = "".join(".c%d{margin:0 %dpx;padding:%dpx;color:#%06x;font-size:%dpx}\n" % (
        i, rng.randint(0, 20), rng.randint(0, 12), rng.randint(0, 0xffffff), rng.randint(12, 18))
        for i in range(rng.randint(20, 80)))
    nav = "".join('<li class="nav%d"><a href="/%s/col%d/index.shtml" target="_self">%s</a></li>\n' % (
        i, "site", i, rng.choice(["首页", "走进本地", "政务公开", "办事服务", "政民互动", "数据开放", "专题专栏", "新闻中心"]))
        for i in range(rng.randint(6, 14)))
    word_head = ""
    if h.style == "word":
        word_head = ("<!--[if gte mso 9]><xml>\n <o:DocumentProperties>\n  <o:Author>user</o:Author>\n"
                     "  <o:Pages>%d</o:Pages>\n  <o:Words>%d</o:Words>\n </o:DocumentProperties>\n</xml><![endif]-->\n"
                     "<style>\n<!--\n /* Font Definitions */\n @font-face\n\t{font-family:宋体;\n\tpanose-1:2 1 6 0 3 1 1 1 1 1;\n"
                     "\tmso-font-charset:134;\n\tmso-generic-font-family:auto;\n\tmso-font-pitch:variable;}\n"
                     " p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{mso-style-unhide:no;\n\tmso-style-qformat:yes;\n"
                     "\tmso-style-parent:\"\";\n\tmargin:0cm;\n\ttext-align:justify;\n\tfont-size:10.5pt;\n"
                     "\tfont-family:\"Times New Roman\",serif;}\n table.MsoNormalTable\n\t{mso-style-name:普通表格;\n"
                     "\tmso-tstyle-rowband-size:0;\n\tmso-padding-alt:0cm 5.4pt 0cm 5.4pt;}\n-->\n</style>\n"
                     % (rng.randint(3, 9), rng.randint(2000, 9000)))
    return ("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
            "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n"
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n"
            "<meta name=\"SiteName\" content=\"%s\">\n<meta name=\"ArticleTitle\" content=\"%s\">\n"
            "<meta name=\"PubDate\" content=\"%s 09:%02d\">\n<title>%s-%s</title>\n"
            "<link rel=\"stylesheet\" type=\"text/css\" href=\"/css/common.css\">\n<style>\n%s</style>\n%s"
            "<script type=\"text/javascript\" src=\"/js/jquery.min.js\"></script>\n"
            "<script>var siteId = \"%08x\"; var columnId = \"%d\"; function fontZoom(n){document.getElementById('zoom').style.fontSize=n+'px';}</script>\n"
            "</head>\n<body>\n<div class=\"header\"><div class=\"container\"><div class=\"logo\"><img src=\"/images/logo.png\" alt=\"%s\"></div>\n"
            "<form action=\"/search\" method=\"get\"><input name=\"q\" type=\"text\" placeholder=\"请输入关键词\"><input type=\"submit\" value=\"搜索\"></form>\n"
            "<ul class=\"nav\">\n%s</ul></div></div>\n"
            "<div class=\"crumbs\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a> &gt; <a href=\"/zwgk/nb/\">政府信息公开年报</a></div>\n"
            "<table class=\"table_content\">\n <tr><td class=\"c1\">索引号</td><td class=\"c2\">%d/%d-%05d</td><td class=\"c1\">分类</td><td class=\"c3\">信息公开年报</td></tr>\n"
            " <tr><td class=\"c1\">发布机构</td><td class=\"c2\">%s</td><td class=\"c1\">公开日期</td><td class=\"c3\">%s</td></tr>\n"
            " <tr><td class=\"c1\">名称</td><td class=\"c4\" colspan=\"3\">%s</td></tr>\n</table>\n"
            "<div class=\"tools\">【字体：<a href=\"javascript:fontZoom(16)\">大</a> <a href=\"javascript:fontZoom(14)\">中</a> <a href=\"javascript:fontZoom(12)\">小</a>】</div>\n"
            "<h1 class=\"article-title\">%s</h1>\n<div class=\"article-content\" id=\"zoom\">\n"
            % (site, rep.title(), rep.published, rng.randint(0, 59), rep.title(), site, css, word_head,
               rng.getrandbits(32), rng.randint(100, 9999), site, nav, rng.randint(10000000, 99999999),
               rep.year + 1, rng.randint(1, 400), rep.agency, rep.published, rep.title(), rep.title()))


def html_chrome_tail(rng, rep):
    links = "".join('<li><a href="http://www.site%d.gov.cn/" target="_blank">%s</a></li>\n' % (
        i, rng.choice(["中国政府网", "省人民政府", "市人民政府", "政务服务网", "信用中国"])) for i in range(rng.randint(5, 15)))
    return ("</div>\n<div class=\"share\">分享到：<a href=\"#\">微信</a> <a href=\"#\">微博</a></div>\n"
            "<div class=\"footer\"><ul class=\"links\">\n%s</ul>\n<p>主办单位：%s　网站标识码：%d　备案号：ICP备%08d号</p>\n"
            "<p>地址：%s人民路%d号　电话：0%d-%08d</p></div>\n"
            "<script type=\"text/javascript\">var _hmt = _hmt || []; (function(){var hm=document.createElement('script');"
            "hm.src='https://stat.example/hm.js?%032x';})();</script>\n</body>\n</html>\n"
            % (links, rep.agency[:3] + "人民政府办公室", rng.randint(1000000000, 9999999999), rng.randint(0, 99999999),
               rep.agency[:3], rng.randint(1, 300), rng.randint(100, 999), rng.randint(10000000, 99999999),
               rng.getrandbits(128)))


def appendix_html(rng, h, rep, nbytes):
    """A list of the year's proactively published documents, in tables
    whose category cells span several rows, and notes between them."""
    out, size, part = [], 0, 1
    while size < nbytes:
        title = "附件%d：%d年度主动公开文件目录（第%d部分）" % (1, rep.year, part)
        rows = [[h.td("类别", width=80), h.td("序号", width=40), h.td("文件名称", width=300),
                 h.td("文号", width=120), h.td("发布日期", width=90)]]
        k = 0
        for _ in range(rng.randint(10, 30)):
            cat = rng.choice(DOC_CATEGORIES)
            n = rng.randint(2, 12)
            for j in range(n):
                k += 1
                name = rng.choice(DOC_KINDS).format(p=rep.agency[:3], t=rng.choice(DOC_TOPICS))
                no = "%s〔%d〕%d号" % (short_name(rep.agency), rep.year, rng.randint(1, 150))
                date = "%d-%02d-%02d" % (rep.year, rng.randint(1, 12), rng.randint(1, 28))
                lead = [h.td(cat, rowspan=n, width=80)] if j == 0 else []
                rows.append(lead + [h.td(str(k), width=40), h.td(name, width=300), h.td(no, width=120),
                                    h.td(date, width=90)])
        chunk = h.para(title, heading=True) + h.table(rows) + h.para(paragraph(rng, 3))
        out.append(chunk)
        size += len(chunk.encode())
        part += 1
    return "".join(out)


def html_report(rng, rep, style, weight, target, appendix=0):
    h = Html(rng, style, weight)
    body = [
        h.para("根据《中华人民共和国政府信息公开条例》要求，现公布%s%d年度政府信息公开工作年度报告。"
               "本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。" % (rep.agency, rep.year, rep.year, rep.year)),
        h.para("一、总体情况", heading=True),
        h.para(narrative(rep)),
    ]
    prose_slot = len(body)
    body += [
        h.para("二、主动公开政府信息情况", heading=True), html_t2(h, rep),
        h.para("三、收到和处理政府信息公开申请情况", heading=True), html_t3(h, rep),
        h.para("四、政府信息公开行政复议、行政诉讼情况", heading=True), html_t4(h, rep),
        h.para("五、存在的主要问题及改进情况", heading=True),
        h.para("一是%s；二是%s。" % (rng.choice(PROBLEMS), rng.choice(PROBLEMS))),
    ]
    tail_slot = len(body)
    body += [h.para("六、其他需要报告的事项", heading=True),
             h.para("本年度未收取信息处理费。"),
             h.para(rep.agency), h.para("%d年%d月%d日" % tuple(int(x) for x in rep.published.split("-")))]
    head = html_chrome_head(rng, rep, h) if style != "plain" else \
        "<html><head><meta charset=utf-8><title>%s</title></head><body>\n<h1>%s</h1>\n<p>发布日期：%s</p>\n" % (
            rep.title(), rep.title(), rep.published)
    tail = html_chrome_tail(rng, rep) if style != "plain" else "</body></html>\n"
    size = len((head + tail + "".join(body)).encode())
    if appendix:
        app = appendix_html(rng, h, rep, appendix)
        body.append(app)
        size += len(app.encode())
    extra_before, extra_after = [], []
    while size < target:
        p = h.para(paragraph(rng))
        (extra_before if rng.random() < 0.6 else extra_after).append(p)
        size += len(p.encode())
    body = body[:prose_slot] + extra_before + body[prose_slot:tail_slot] + extra_after + body[tail_slot:]
    return head + "".join(body) + tail


# ------------------------------------------------------------------ text

def text_t2_lines(rep, layout):
    t2 = rep.t2
    blocks = [
        ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
         [("规章", t2["rules"]), ("行政规范性文件", t2["normative_documents"])]),
        ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("行政许可", t2["licensing"])]),
        ("第二十条第（六）项", ["信息内容", "本年处理决定数量"], [("行政处罚", t2["penalty"]), ("行政强制", t2["coercion"])]),
        ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("行政事业性收费", t2["fees"])]),
    ]
    out = []
    for title, head, rows in blocks:
        out.append(title)
        out += text_row(head[0], head[1:], layout, header=True)
        for label, vals in rows:
            out += text_row(label, [str(v) for v in vals], layout)
    return out


def text_row(label, vals, layout, header=False, width=34):
    if layout == "cellperline":
        return [label] + [v for v in vals if v != ""] if not header else [label] + list(vals)
    if layout == "tabs":
        return ["\t".join([label] + list(vals))]
    if layout == "aligned":
        pad = width - 2 * len(label) if not label.isascii() else width - len(label)
        return [label + " " * max(2, pad) + "".join("%8s" % v for v in vals) if not header
                else label + " " * max(2, pad) + "  ".join(vals)]
    return ["| " + " | ".join([label] + list(vals)) + " |"]


def text_t3_lines(rep, layout):
    out = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    if layout == "cellperline":
        out += ["申请人情况", "自然人", "法人或其他组织", "总计"] + T3_COL_LABELS[1:]
    elif layout == "pipe":
        out += ["| 申请人情况 | " + " | ".join(T3_COL_LABELS + ["总计"]) + " |",
                "|" + "---|" * 8]
    else:
        out += text_row("申请人情况", T3_COL_LABELS + ["总计"], layout, header=True)
    groups = []
    for code, label, group in T3_ROWS:
        if code == "granted":
            out += ["三、本年度办理结果"] if layout != "pipe" else ["| 三、本年度办理结果 |"]
        if group not in (None, "R") and group not in groups:
            groups.append(group)
            out += [group] if layout != "pipe" else ["| %s |" % group]
        out += text_row(label, [str(v) for v in rep.t3[code]], layout)
    return out


def text_t4_lines(rep, layout):
    vals = [str(v) for g in T4_GROUPS for v in rep.t4[g]]
    if layout == "cellperline":
        return ["行政复议", "行政诉讼"] + T4_COL_LABELS + ["未经复议直接起诉", "复议后起诉"] + T4_COL_LABELS * 2 + vals
    if layout == "pipe":
        # converters print the merged header cells as text above the table
        return ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉",
                "| " + " | ".join(T4_COL_LABELS * 3) + " |",
                "|" + "---|" * 15,
                "| " + " | ".join(vals) + " |"]
    sep = "\t" if layout == "tabs" else "    "
    return ["行政复议" + sep + "行政诉讼",
            sep.join(T4_COL_LABELS + ["未经复议直接起诉", "复议后起诉"]),
            sep.join(T4_COL_LABELS * 2),
            sep.join(vals) if layout == "tabs" else "".join("%5s" % v for v in vals)]


def wrap(text, width):
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def text_report(rng, rep, layout, target, appendix=0):
    prose = lambda t: wrap(t, 36) if layout == "aligned" else [t]
    gap = [""] if layout in ("cellperline", "pipe") else []
    lines = [rep.title(), "", "发布时间：%s" % rep.published, ""]
    lines += prose("根据《中华人民共和国政府信息公开条例》要求，现公布%s%d年度政府信息公开工作年度报告。" % (rep.agency, rep.year))
    lines += ["", "一、总体情况", ""] + prose(narrative(rep)) + [""]
    slot = len(lines)
    lines += ["二、主动公开政府信息情况", ""] + text_t2_lines(rep, layout) + gap
    lines += ["", "三、收到和处理政府信息公开申请情况", ""] + text_t3_lines(rep, layout) + gap
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", ""] + text_t4_lines(rep, layout) + gap
    lines += ["", "五、存在的主要问题及改进情况", ""] + prose("一是%s；二是%s。" % (rng.choice(PROBLEMS), rng.choice(PROBLEMS)))
    tail = ["", "六、其他需要报告的事项", "", "本年度未收取信息处理费。", ""]
    size = len("\n".join(lines + tail).encode())
    app = []
    if appendix:
        app = ["", "附件：%d年度主动公开文件目录" % rep.year, ""]
        k = 0
        while size < appendix:
            block = ["| 类别 | 序号 | 文件名称 | 文号 | 发布日期 |", "|---|---|---|---|---|"]
            for _ in range(rng.randint(20, 60)):
                k += 1
                block.append("| %s | %d | %s | %s〔%d〕%d号 | %d-%02d-%02d |" % (
                    rng.choice(DOC_CATEGORIES), k,
                    rng.choice(DOC_KINDS).format(p=rep.agency[:3], t=rng.choice(DOC_TOPICS)),
                    short_name(rep.agency), rep.year, rng.randint(1, 150),
                    rep.year, rng.randint(1, 12), rng.randint(1, 28)))
            block += ["", paragraph(rng, 3), ""]
            app += block
            size += len("\n".join(block).encode()) + 1
    extra = []
    while size < target:
        p = prose(paragraph(rng)) + [""]
        extra += p
        size += len("\n".join(p).encode()) + 1
    lines = lines[:slot] + extra + lines[slot:] + app + tail
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ driver

def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    outdir = args[0]
    quick = "--quick" in args
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 20240117
    rng = random.Random(seed)
    os.makedirs(os.path.join(outdir, "docs"), exist_ok=True)
    manifest, truth = [], []

    def emit(name, kind, cls, data, rep=None, label=""):
        i = len(manifest) + 1
        path = os.path.join(outdir, "docs", "%05d-%s.%s" % (i, name, "html" if kind == "html" else "txt"))
        raw = data.encode("utf-8")
        with open(path, "wb") as f:
            f.write(raw)
        manifest.append((i, os.path.abspath(path), kind, cls, len(raw), label or name))
        if rep is not None:
            truth.append({"id": i, "agency": rep.agency, "year": rep.year, "cells": rep.truth(kind == "html")})

    # the corpus, read where it lies
    if os.path.isdir(CORPUS):
        for fn in sorted(os.listdir(CORPUS)):
            p = os.path.join(CORPUS, fn)
            if fn.endswith(".html"):
                kind = "html"
            elif fn.endswith((".txt", ".md")):
                kind = "text"
            else:
                continue		# the PDF: its text is the .layout.txt
            manifest.append((len(manifest) + 1, os.path.abspath(p), kind, "corpus", os.path.getsize(p), fn))
    else:
        print("gen_workload: no corpus at %s; generated documents only" % CORPUS, file=sys.stderr)

    n_html = 60 if quick else 400
    n_text = 60 if quick else 400
    n_large = 1 if quick else 3
    # distinct agency-years: agency i, year from YEARS
    slots = [(a, y) for a in range(len(PLACES) * len(DEPTS)) for y in YEARS]
    rng.shuffle(slots)
    slot = iter(slots)

    for k in range(n_html):
        a, y = next(slot)
        rep = Report(rng, agency_name(a), y)
        style = "word" if rng.random() < 0.7 else "cms"
        target = rng.randint(60, 150) * 1024
        sub = rng.random()
        for weight in range(rng.randint(0, 3), -1, -1):
            doc = html_report(random.Random(sub), rep, style, weight, target)
            if len(doc.encode()) <= max(target + 4096, 64 * 1024):
                break
        emit("typical-%s" % style, "html", "typical", doc, rep, "%s-%d" % (rep.agency, rep.year))

    for k in range(n_text):
        a, y = next(slot)
        rep = Report(rng, agency_name(a), y)
        layout = ["cellperline", "tabs", "aligned", "pipe"][k % 4]
        doc = text_report(rng, rep, layout, rng.randint(5, 20) * 1024)
        emit("text-%s" % layout, "text", "typical_text", doc, rep, "%s-%d" % (rep.agency, rep.year))

    for k in range(n_large):
        a, y = next(slot)
        rep = Report(rng, agency_name(a), y)
        doc = html_report(rng, rep, "word", 2, 1024 * 1024, appendix=700 * 1024)
        emit("large-word", "html", "large", doc, rep, "%s-%d" % (rep.agency, rep.year))

    # size steps: one report plus an appendix (spanned tables) and prose
    steps = [("10K", 10 * 1024), ("100K", 100 * 1024), ("1M", 1024 * 1024), ("10M", 10 * 1024 * 1024)]
    a, y = next(slot)
    rep = Report(rng, agency_name(a), y)
    for label, size in steps:
        app = max(0, int(size * 0.6) - 10 * 1024)
        doc = html_report(random.Random(seed + size), rep, "plain", 0, size, appendix=app)
        emit("scale-%s" % label, "html", "scale", doc, rep, label)
        doc = text_report(random.Random(seed + size), rep, "tabs", size, appendix=app)
        emit("scale-%s" % label, "text", "scale", doc, rep, label)

    with open(os.path.join(outdir, "manifest.tsv"), "w") as f:
        for row in manifest:
            f.write("\t".join(str(x) for x in row) + "\n")
    with open(os.path.join(outdir, "truth.jsonl"), "w") as f:
        for t in truth:
            f.write(json.dumps(t, ensure_ascii=False) + "\n")
    tot = {}
    for row in manifest:
        key = (row[2], row[3])
        n, b = tot.get(key, (0, 0))
        tot[key] = (n + 1, b + row[4])
    for (kind, cls), (n, b) in sorted(tot.items()):
        print("workload %-5s %-13s %5d docs %9.1f KB (mean %.1f KB)" % (kind, cls, n, b / 1024, b / 1024 / n))


if __name__ == "__main__":
    main()
