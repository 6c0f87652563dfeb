import Foundation

/// The console's words in its two languages, English and simplified Chinese. Templates name a
/// word by its key (`{{t.signIn}}`); both tables have the same keys (a test checks it).
enum ConsoleText {
    /// The languages, by their BCP 47 tag.
    static let languages = ["en", "zh-CN"]

    /// The language of a request: the account's choice, else the first of the browser's
    /// `Accept-Language` that the console speaks, else English.
    static func language(account: String?, acceptLanguage: String?) -> String {
        if let account, languages.contains(account) { return account }
        for part in (acceptLanguage ?? "").split(separator: ",") {
            let tag = part.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
            if tag.hasPrefix("zh") { return "zh-CN" }
            if tag.hasPrefix("en") { return "en" }
        }
        return "en"
    }

    /// `template` with each `{key}` replaced by its value.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        values.reduce(template) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
    }

    /// The navigation of a role: the pages it may open, in order.
    static func navigation(_ role: String) -> [(path: String, word: String)] {
        switch role {
        case "auditor": return [("/ui/", "dashboard"), ("/ui/recordings", "recordings"), ("/ui/audit", "auditLog")]
        case "dpo": return [("/ui/", "dashboard"), ("/ui/erasure", "erasure"), ("/ui/holds", "holds"), ("/ui/consent", "consent")]
        case "admin": return [("/ui/", "dashboard"), ("/ui/admin", "administration")]
        default: return []
        }
    }

    /// The table of `language`.
    static func table(_ language: String) -> [String: String] { language == "zh-CN" ? zh : en }

    static let en: [String: String] = [
        "hasTranscript": "Transcript", "held": "Held", "order": "Order", "newestFirst": "newest first", "oldestFirst": "oldest first",
        "firstPage": "First page", "truncated": "Only the first 50 recordings of this number are shown; narrow the search with a time range.",
        "verifyNow": "Verify now", "verifySound": "The sealed object verifies: every segment authentic, the audio's SHA-256 as recorded.",
        "verifyFailed": "The sealed object does NOT verify", "transcript": "Transcript (redacted)", "timeline": "Timeline",
        "timelineNote": "Marked: audio muted for a redacted number, and pauses.",
        "auditTrail": "Audit trail (latest 20)", "downloadAudio": "Download the audio (Ogg Opus)",
        "restrictedWhy": "erasure request {request} found it still kept by {because}",
        "becauseMinimum": "the retention minimum", "becauseHold": "a legal hold",
        "shownOnce": "Shown once; pass it on now:", "addUser": "Add an account", "createToken": "Create a token", "revoke": "Revoke",
        "userAdded": "{name} is added; they enrol a second factor at their first sign-in.", "tokenCreated": "Token {name} is created.",
        "tokenRevoked": "Token {name} is revoked.", "switchLanguage": "Language",
        "service": "Service (catalog · objects)", "localFiles": "local files", "serving": "serving",
        "lastBackup": "Last backup (35 days)", "backupFailed": "failed",
        "recordingsKept": "Recordings kept (sealed size)", "nextPurge": "First scheduled purge", "rolledBack": "Ingests rolled back (24 h)",
        "dashboard": "Overview", "erasuresOpen": "Erasure requests open", "erasuresAtRisk": "Erasures due within 24 h",
        "erasuresOverdue": "Erasures overdue", "keyAge": "Key (version · age)", "rotationDue": "Next key rotation",
        "auditEntries": "Audit entries", "lastCheckpoint": "Entries under the last signed checkpoint", "pendingIngests": "Ingests to recover",
        "activeHolds": "Legal holds", "auditLog": "Audit log", "auditEntry": "Audit entry", "actor": "Actor", "action": "Action",
        "target": "Target", "outcome": "Outcome", "anyAction": "any", "filter": "Filter", "time": "Time",
        "verifyChain": "Verify the chain", "downloadCheckpoint": "Latest signed checkpoint", "verified": "The audit log verifies",
        "verifiedDetail": "{entries} entries chained; {checkpoints} signed checkpoints checked; root {root}.",
        "notVerified": "The audit log does NOT verify", "evidenceBundle": "Evidence bundle", "bundleReason": "Why the bundle is made",
        "exportBundle": "Export a signed bundle", "exportSearch": "Export these recordings as a signed bundle",
        "includeRestricted": "include restricted recordings for this reason",
        "erasure": "Erasure", "newErasure": "New erasure request", "number": "Number", "requested": "Requested", "deadline": "Deadline (72 h)",
        "timeLeft": "Left", "receipt": "Receipt", "download": "Download", "requestErasure": "Request erasure",
        "erasureRequested": "Erasure of {number} requested; it must be done by {deadline}.", "noErasures": "No erasure requests.",
        "holds": "Legal holds", "placeHold": "Place a hold", "releaseHold": "Release holds", "recordingId": "Recording id",
        "orNumber": "or a number", "placed": "Placed", "subject": "Subject (pseudonym)", "noHolds": "No active holds.",
        "holdPlaced": "The hold is placed: nothing it covers can be purged or erased until it is released.",
        "holdsReleased": "{count} holds released.", "consent": "Consent", "lookUp": "Look up", "kind": "Event", "purpose": "Purpose",
        "detail": "Detail", "suppressed": "Suppressed: this number must not be called.", "notSuppressed": "Not suppressed.",
        "optOut": "Record an opt-out", "optedOut": "The opt-out is recorded; every purpose is withdrawn.", "noEvents": "No consent events.",
        "history": "History of", "administration": "Administration", "accounts": "Console accounts", "tokens": "API tokens",
        "role": "Role", "created": "Created", "secondFactorShort": "TOTP", "disable": "Disable", "revoked": "Revoked",
        "userDisabled": "{name} is disabled; their sessions have ended.",
        "signIn": "Sign in", "signOut": "Sign out", "accountName": "Account name", "password": "Password", "continue": "Continue",
        "lockOutNote": "After 5 failed attempts an account is locked for 30 minutes.",
        "secondFactor": "Second factor", "codeFromApp": "The 6-digit code from your authenticator app",
        "enrolTitle": "Set up your second factor",
        "enrolHelp": "Your role needs a second factor. Scan this code with an authenticator app (FreeOTP, Google Authenticator, Microsoft Authenticator), then type the code it shows.",
        "enrolManual": "Or type this key into the app:", "enrolConfirm": "Confirm and sign in",
        "signInFailed": "The account name, password or code is wrong, or the account is locked or disabled.",
        "recordings": "Recordings", "recording": "Recording", "from": "From", "to": "To", "campaign": "Campaign", "agent": "Agent",
        "customerNumber": "Customer number", "customer": "Customer", "search": "Search", "started": "Started", "duration": "Duration",
        "state": "State", "version": "Version", "noRecordings": "No recording matches.", "next": "Next",
        "numberSearched": "Searched for the number", "opusHash": "Audio SHA-256", "sealedHash": "Sealed object SHA-256",
        "restricted": "Restricted", "restrictedUntil": "processing restricted until",
        "listen": "Listen", "reason": "Reason (free text or case number)", "reasonGiven": "Reason given:",
        "reasonPrompt": "Playing a recording is audited. State why you need it.",
        "restrictedPrompt": "This recording is restricted: its processing is limited to what the stated reason requires.",
        "back": "Back", "zoneNote": "Times are in the vault's zone,",
        "noConsole": "This role has no console pages.", "noConsoleDetail": "Dialer and recorder accounts use the HTTP API.",
        "forbidden": "Not allowed", "forbiddenDetail": "Your role may not open this page.",
        "expired": "Your session ended after 15 idle minutes. Sign in again.",
        "badForm": "The form was stale or not sent by this console. Reload the page and try again.",
        "notFound": "Not found", "failed": "Something went wrong", "badInput": "Check what you typed",
    ]

    static let zh: [String: String] = [
        "hasTranscript": "转写", "held": "保留", "order": "排序", "newestFirst": "最新在前", "oldestFirst": "最早在前",
        "firstPage": "第一页", "truncated": "仅显示此号码的前 50 条录音；请用时间范围缩小搜索。",
        "verifyNow": "立即校验", "verifySound": "密封对象校验通过：所有分段均真实，音频 SHA-256 与记录一致。",
        "verifyFailed": "密封对象校验未通过", "transcript": "转写文本（已脱敏）", "timeline": "时间轴",
        "timelineNote": "标记处：因脱敏号码而静音的音频，以及暂停。",
        "auditTrail": "审计记录（最近 20 条）", "downloadAudio": "下载音频（Ogg Opus）",
        "restrictedWhy": "删除请求 {request} 受{because}约束，录音暂予保留",
        "becauseMinimum": "最短保存期", "becauseHold": "法律保留",
        "shownOnce": "仅显示一次，请立即转交：", "addUser": "添加账号", "createToken": "创建令牌", "revoke": "吊销",
        "userAdded": "已添加 {name}；其首次登录时设置第二重验证。", "tokenCreated": "已创建令牌 {name}。",
        "tokenRevoked": "已吊销令牌 {name}。", "switchLanguage": "语言",
        "service": "服务（目录 · 对象）", "localFiles": "本地文件", "serving": "运行中",
        "lastBackup": "最近一次备份（35 天内）", "backupFailed": "失败",
        "recordingsKept": "保存的录音（密封大小）", "nextPurge": "最早的计划清除", "rolledBack": "已回滚的导入（24 小时）",
        "dashboard": "概览", "erasuresOpen": "未完成的删除请求", "erasuresAtRisk": "24 小时内到期的删除",
        "erasuresOverdue": "已逾期的删除", "keyAge": "密钥（版本 · 天数）", "rotationDue": "下次密钥轮换",
        "auditEntries": "审计条目", "lastCheckpoint": "最近签名检查点覆盖的条目", "pendingIngests": "待恢复的导入",
        "activeHolds": "法律保留", "auditLog": "审计日志", "auditEntry": "审计条目", "actor": "操作者", "action": "操作",
        "target": "对象", "outcome": "结果", "anyAction": "全部", "filter": "筛选", "time": "时间",
        "verifyChain": "校验哈希链", "downloadCheckpoint": "最新签名检查点", "verified": "审计日志校验通过",
        "verifiedDetail": "{entries} 条记录链式相连；已核对 {checkpoints} 个签名检查点；根哈希 {root}。",
        "notVerified": "审计日志校验未通过", "evidenceBundle": "证据包", "bundleReason": "导出证据包的理由",
        "exportBundle": "导出签名证据包", "exportSearch": "将这些录音导出为签名证据包",
        "includeRestricted": "基于此理由包含受限录音",
        "erasure": "删除", "newErasure": "新的删除请求", "number": "号码", "requested": "提出于", "deadline": "截止（72 小时）",
        "timeLeft": "剩余", "receipt": "回执", "download": "下载", "requestErasure": "提交删除请求",
        "erasureRequested": "已提交 {number} 的删除请求，须在 {deadline} 前完成。", "noErasures": "没有删除请求。",
        "holds": "法律保留", "placeHold": "设置保留", "releaseHold": "解除保留", "recordingId": "录音编号",
        "orNumber": "或号码", "placed": "设置于", "subject": "主体（假名）", "noHolds": "没有生效的保留。",
        "holdPlaced": "保留已设置：解除前，其覆盖的内容不会被清除或删除。",
        "holdsReleased": "已解除 {count} 项保留。", "consent": "同意", "lookUp": "查询", "kind": "事件", "purpose": "用途",
        "detail": "详情", "suppressed": "已屏蔽：不得拨打此号码。", "notSuppressed": "未屏蔽。",
        "optOut": "登记退订", "optedOut": "退订已登记；所有用途的同意均已撤回。", "noEvents": "没有同意记录。",
        "history": "记录：", "administration": "管理", "accounts": "控制台账号", "tokens": "API 令牌",
        "role": "角色", "created": "创建于", "secondFactorShort": "动态码", "disable": "停用", "revoked": "已吊销",
        "userDisabled": "{name} 已停用，其会话已结束。",
        "signIn": "登录", "signOut": "退出", "accountName": "账号", "password": "密码", "continue": "继续",
        "lockOutNote": "连续失败 5 次后，账号将被锁定 30 分钟。",
        "secondFactor": "第二重验证", "codeFromApp": "身份验证器应用显示的 6 位动态码",
        "enrolTitle": "设置第二重验证",
        "enrolHelp": "您的角色需要第二重验证。请用身份验证器应用（FreeOTP、Google 身份验证器、Microsoft Authenticator）扫描此二维码，然后输入应用显示的动态码。",
        "enrolManual": "或在应用中手动输入此密钥：", "enrolConfirm": "确认并登录",
        "signInFailed": "账号、密码或动态码错误，或账号已被锁定或停用。",
        "recordings": "录音", "recording": "录音", "from": "开始时间", "to": "结束时间", "campaign": "外呼活动", "agent": "坐席",
        "customerNumber": "客户号码", "customer": "客户", "search": "搜索", "started": "开始于", "duration": "时长",
        "state": "状态", "version": "版本", "noRecordings": "没有符合条件的录音。", "next": "下一页",
        "numberSearched": "已按号码搜索", "opusHash": "音频 SHA-256", "sealedHash": "密封对象 SHA-256",
        "restricted": "受限", "restrictedUntil": "处理受限，直至",
        "listen": "播放", "reason": "理由（文字或案件编号）", "reasonGiven": "已填写理由：",
        "reasonPrompt": "播放录音会记入审计日志。请说明您需要它的理由。",
        "restrictedPrompt": "此录音处于受限状态：仅可用于所述理由所需的处理。",
        "back": "返回", "zoneNote": "时间为保管库所在时区，",
        "noConsole": "此角色没有控制台页面。", "noConsoleDetail": "拨号器和录音器账号请使用 HTTP API。",
        "forbidden": "无权访问", "forbiddenDetail": "您的角色不能打开此页面。",
        "expired": "您已空闲 15 分钟，会话已结束。请重新登录。",
        "badForm": "表单已过期或并非由本控制台发出。请刷新页面后重试。",
        "notFound": "未找到", "failed": "出现错误", "badInput": "请检查输入内容",
    ]
}
