"""Word lists for the synthetic data: English and Chinese names side by side.

The generator combines these into people, bodies, events and documents that
read like hand-curated data: names with their Chinese forms, nested units with
the titles their heads hold, and citations with page and note locators.
"""

from __future__ import annotations

#: (pinyin, hanzi) surnames, the common ones first so that they repeat realistically.
SURNAMES = [
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
    ("Yang", "杨"), ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"),
    ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"),
    ("Guo", "郭"), ("He", "何"), ("Lin", "林"), ("Luo", "罗"), ("Gao", "高"),
    ("Zheng", "郑"), ("Liang", "梁"), ("Xie", "谢"), ("Song", "宋"), ("Tang", "唐"),
    ("Han", "韩"), ("Feng", "冯"), ("Deng", "邓"), ("Cao", "曹"), ("Peng", "彭"),
    ("Zeng", "曾"), ("Xiao", "肖"), ("Tian", "田"), ("Dong", "董"), ("Pan", "潘"),
    ("Yuan", "袁"), ("Cai", "蔡"), ("Jiang", "蒋"), ("Yu", "余"), ("Du", "杜"),
    ("Ye", "叶"), ("Cheng", "程"), ("Wei", "魏"), ("Su", "苏"), ("Ding", "丁"),
    ("Ren", "任"), ("Shen", "沈"), ("Yao", "姚"), ("Lu", "卢"), ("Cui", "崔"),
    ("Zhong", "钟"), ("Tan", "谭"), ("Fan", "范"), ("Jin", "金"), ("Shi", "石"),
    ("Liao", "廖"), ("Jia", "贾"), ("Xia", "夏"), ("Fu", "付"), ("Fang", "方"),
    ("Bai", "白"), ("Zou", "邹"), ("Meng", "孟"), ("Xiong", "熊"), ("Qin", "秦"),
    ("Qiu", "邱"), ("Yin", "尹"), ("Xue", "薛"), ("Yan", "闫"), ("Duan", "段"),
    ("Lei", "雷"), ("Hou", "侯"), ("Long", "龙"), ("Tao", "陶"), ("Gu", "顾"),
    ("Mao", "毛"), ("Hao", "郝"), ("Gong", "龚"), ("Shao", "邵"), ("Wan", "万"),
    ("Qian", "钱"), ("Dai", "戴"), ("Mo", "莫"), ("Kong", "孔"), ("Chang", "常"),
]

#: (pinyin, hanzi) syllables for given names (one or two of them).
GIVEN = [
    ("jian", "建"), ("guo", "国"), ("hua", "华"), ("ming", "明"), ("wei", "伟"),
    ("hong", "红"), ("jun", "军"), ("ping", "平"), ("qiang", "强"), ("lin", "林"),
    ("hai", "海"), ("bo", "波"), ("yong", "勇"), ("jie", "杰"), ("tao", "涛"),
    ("chao", "超"), ("gang", "刚"), ("feng", "峰"), ("hui", "辉"), ("xin", "新"),
    ("li", "丽"), ("min", "敏"), ("jing", "静"), ("yan", "燕"), ("xia", "霞"),
    ("fang", "芳"), ("ying", "英"), ("lan", "兰"), ("yu", "宇"), ("hao", "浩"),
    ("kai", "凯"), ("peng", "鹏"), ("rong", "荣"), ("wen", "文"), ("zhi", "志"),
    ("dong", "东"), ("sheng", "胜"), ("chun", "春"), ("qing", "庆"), ("an", "安"),
    ("de", "德"), ("zhong", "忠"), ("xiang", "祥"), ("yi", "毅"), ("bin", "斌"),
    ("xiao", "晓"), ("long", "龙"), ("yun", "云"), ("fei", "飞"), ("cheng", "成"),
    ("jia", "佳"), ("liang", "亮"), ("song", "松"), ("shan", "山"), ("ning", "宁"),
]

#: Names for the people without a Chinese name (foreign experts, executives, diplomats).
FOREIGN_FIRST = ["Maria", "James", "Anna", "David", "Sofia", "Peter", "Elena", "Thomas",
                 "Laura", "Daniel", "Nadia", "Martin", "Julia", "Samuel", "Irene", "Oscar"]
FOREIGN_LAST = ["Keller", "Novak", "Moreau", "Fischer", "Rossi", "Berg", "Larsen", "Kowalski",
                "Silva", "Haddad", "Okafor", "Tanaka", "Petrov", "Lindqvist", "Dubois", "Ward"]

#: Policy fields: (English, Chinese, short slug).
TOPICS = [
    ("Cyberspace Affairs", "网络空间事务", "cyber"),
    ("Information", "信息", "info"),
    ("Industry", "工业", "industry"),
    ("Science and Technology", "科学技术", "sci-tech"),
    ("Public Security", "公安", "pubsec"),
    ("State Security", "国家安全", "statesec"),
    ("Education", "教育", "edu"),
    ("Culture", "文化", "culture"),
    ("Commerce", "商务", "commerce"),
    ("Finance", "财政", "finance"),
    ("Transport", "交通运输", "transport"),
    ("Water Resources", "水利", "water"),
    ("Agriculture", "农业", "agri"),
    ("Health", "卫生健康", "health"),
    ("Ecology and Environment", "生态环境", "eco"),
    ("Justice", "司法", "justice"),
    ("Civil Affairs", "民政", "civil"),
    ("Natural Resources", "自然资源", "natres"),
    ("Emergency Management", "应急管理", "emergency"),
    ("Audit", "审计", "audit"),
    ("Statistics", "统计", "stats"),
    ("Market Regulation", "市场监督管理", "market"),
    ("Radio and Television", "广播电视", "radio-tv"),
    ("Press and Publication", "新闻出版", "press"),
    ("Cryptography", "密码", "crypto"),
    ("Standardization", "标准化", "standards"),
    ("Intellectual Property", "知识产权", "ip"),
    ("Energy", "能源", "energy"),
    ("Data", "数据", "data"),
    ("Telecommunications", "电信", "telecom"),
    ("Propaganda", "宣传", "propaganda"),
    ("Organization", "组织", "org"),
    ("United Front Work", "统一战线工作", "united-front"),
    ("Political and Legal Affairs", "政法", "polilegal"),
    ("Discipline Inspection", "纪律检查", "discipline"),
    ("Foreign Affairs", "外事", "foreign"),
    ("Internet Information", "互联网信息", "netinfo"),
    ("Artificial Intelligence", "人工智能", "ai"),
]

#: Top-level bodies by category: (English template, Chinese template, category).
ROOT_FORMS = [
    ("Central {t} Commission", "中央{z}委员会", "central-committee"),
    ("Central Leading Group for {t}", "中央{z}领导小组", "central-committee"),
    ("Central {t} Department", "中央{z}部", "ccp"),
    ("Ministry of {t}", "{z}部", "state"),
    ("State Administration of {t}", "国家{z}局", "state"),
    ("National {t} Office", "国家{z}办公室", "state"),
    ("China {t} Association", "中国{z}协会", "quasi-state"),
    ("China {t} Society", "中国{z}学会", "quasi-state"),
    ("China {t} Group", "中国{z}集团", "company"),
    ("{t} Daily", "{z}日报", "media"),
    ("Academy of {t}", "{z}研究院", "academic"),
    ("International {t} Union", "国际{z}联盟", "international"),
]

#: Sub-units: (English, Chinese, slug).
UNITS = [
    ("Policy and Regulations", "政策法规", "policy"), ("Planning", "规划", "planning"),
    ("General Affairs", "综合", "general"), ("Personnel", "人事", "personnel"),
    ("International Cooperation", "国际合作", "intl"), ("Network Security", "网络安全", "netsec"),
    ("Information Development", "信息化发展", "infodev"), ("Communications", "传播", "comms"),
    ("Supervision", "监督", "supervision"), ("Research", "研究", "research"),
    ("Emergency Response", "应急", "response"), ("Technology", "技术", "tech"),
    ("Data Governance", "数据治理", "datagov"), ("Publicity", "宣传", "publicity"),
    ("Inspection", "督查", "inspection"), ("Finance", "财务", "finance"),
    ("Legal Affairs", "法制", "legal"), ("Security", "保卫", "security"),
    ("Training", "培训", "training"), ("Archives", "档案", "archives"),
    ("Evaluation", "评估", "evaluation"), ("Content Management", "内容管理", "content"),
    ("Industry Development", "产业发展", "industry"), ("Coordination", "协调", "coordination"),
]

#: Unit levels by depth below the root: (English, Chinese, slug).
LEVELS = [
    [("Department", "司", "dept"), ("Bureau", "局", "bureau")],
    [("Division", "处", "div"), ("Office", "办公室", "office")],
    [("Section", "科", "section"), ("Centre", "中心", "centre")],
    [("Team", "组", "team"), ("Unit", "小组", "unit")],
]

#: Role titles by depth of the body (0 = top level): (English, Chinese).
TITLES = [
    [("Director", "主任"), ("Deputy Director", "副主任"), ("Party Secretary", "党组书记"),
     ("Member of the Leading Party Group", "党组成员"), ("Secretary-General", "秘书长"),
     ("Chief Engineer", "总工程师"), ("Spokesperson", "新闻发言人")],
    [("Director-General", "司长"), ("Deputy Director-General", "副司长"),
     ("Bureau Chief", "局长"), ("Deputy Bureau Chief", "副局长"), ("Inspector", "巡视员")],
    [("Division Chief", "处长"), ("Deputy Division Chief", "副处长"), ("Researcher", "调研员")],
    [("Section Chief", "科长"), ("Deputy Section Chief", "副科长"), ("Staff Member", "科员")],
    [("Team Leader", "组长"), ("Deputy Team Leader", "副组长"), ("Staff Member", "科员")],
]

#: Membership roles (often left out in sources, so sometimes omitted).
MEMBER_ROLES = [("Member", "委员"), ("Alternate Member", "候补委员"),
                ("Council Member", "理事"), ("Standing Council Member", "常务理事"),
                ("Expert Adviser", "专家顾问")]

#: Roles at events.
EVENT_ROLES = [("Speaker", "发言人"), ("Delegate", "代表"), ("Panel Chair", "分论坛主持人"),
               ("Keynote Speaker", "主旨演讲人"), ("Organizing Committee Member", "组委会委员")]

#: Event series: (English template, Chinese template).
EVENT_FORMS = [
    ("World {t} Conference", "世界{z}大会"), ("National {t} Work Conference", "全国{z}工作会议"),
    ("{t} Security Week", "{z}安全宣传周"), ("China {t} Forum", "中国{z}论坛"),
    ("{t} Expo", "{z}博览会"),
]

#: Documents: (English template, Chinese template); {y} is the year.
DOCUMENT_FORMS = [
    ("{t} Development Plan ({y})", "{z}发展规划（{y}）"),
    ("Opinions on Strengthening {t} Work ({y})", "关于加强{z}工作的意见（{y}）"),
    ("Annual Report on {t} {y}", "{z}年度报告{y}"),
    ("Notice on Appointments in {t} ({y})", "关于{z}人事任免的通知（{y}）"),
    ("White Paper on {t} ({y})", "{z}白皮书（{y}）"),
    ("Regulations on {t} Administration ({y})", "{z}管理条例（{y}）"),
]

#: Programmes and slogans.
CONCEPT_FORMS = [("Strong {t} Nation", "{z}强国"), ("{t} Plus", "{z}+"),
                 ("Digital {t} Initiative", "数字{z}倡议")]

LOCATOR_FORMS = ["p. {n}", "pp. {n}-{m}", "note {n}", "para. {n}", "section {n}.{k}",
                 "table {k}"]
