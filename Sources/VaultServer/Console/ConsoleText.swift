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

    /// The table of `language`.
    static func table(_ language: String) -> [String: String] { language == "zh-CN" ? zh : en }

    static let en: [String: String] = [
        "signIn": "Sign in", "signOut": "Sign out", "accountName": "Account name", "password": "Password", "continue": "Continue",
        "lockOutNote": "After 5 failed attempts an account is locked for 30 minutes.",
        "secondFactor": "Second factor", "codeFromApp": "The 6-digit code from your authenticator app",
        "enrolTitle": "Set up your second factor",
        "enrolHelp": "Your role needs a second factor. Scan this code with an authenticator app (FreeOTP, Google Authenticator, Microsoft Authenticator), then type the code it shows.",
        "enrolManual": "Or type this key into the app:", "enrolConfirm": "Confirm and sign in",
        "signInFailed": "The account name, password or code is wrong, or the account is locked or disabled.",
        "recordings": "Recordings", "recording": "Recording", "from": "From", "to": "To", "campaign": "Campaign", "agent": "Agent",
        "customerNumber": "Customer number", "customer": "Customer", "search": "Search", "started": "Started", "duration": "Duration",
        "state": "State", "version": "Version", "noRecordings": "No recording matches.", "previous": "Previous", "next": "Next",
        "numberSearched": "Searched for the number", "opusHash": "Audio SHA-256", "sealedHash": "Sealed object SHA-256",
        "restricted": "Restricted", "restrictedUntil": "processing restricted until",
        "listen": "Listen", "reason": "Reason (free text or case number)", "reasonGiven": "Reason given:",
        "reasonPrompt": "Playing a recording is audited. State why you need it.",
        "restrictedPrompt": "This recording is restricted: its processing is limited to what the stated reason requires.",
        "back": "Back", "zoneNote": "Times are in the vault's zone,",
        "noConsole": "This role has no console pages.", "noConsoleDetail": "Dialer and recorder accounts use the HTTP API.",
        "notYet": "Your screens", "notYetDetail": "The privacy and administration screens are not in the console yet; use the callvault CLI or the HTTP API.",
        "forbidden": "Not allowed", "forbiddenDetail": "Your role may not open this page.",
        "expired": "Your session ended after 15 idle minutes. Sign in again.",
        "badForm": "The form was stale or not sent by this console. Reload the page and try again.",
        "notFound": "Not found", "failed": "Something went wrong", "badInput": "Check what you typed",
    ]

    static let zh: [String: String] = [
        "signIn": "登录", "signOut": "退出", "accountName": "账号", "password": "密码", "continue": "继续",
        "lockOutNote": "连续失败 5 次后，账号将被锁定 30 分钟。",
        "secondFactor": "第二重验证", "codeFromApp": "身份验证器应用显示的 6 位动态码",
        "enrolTitle": "设置第二重验证",
        "enrolHelp": "您的角色需要第二重验证。请用身份验证器应用（FreeOTP、Google 身份验证器、Microsoft Authenticator）扫描此二维码，然后输入应用显示的动态码。",
        "enrolManual": "或在应用中手动输入此密钥：", "enrolConfirm": "确认并登录",
        "signInFailed": "账号、密码或动态码错误，或账号已被锁定或停用。",
        "recordings": "录音", "recording": "录音", "from": "开始时间", "to": "结束时间", "campaign": "外呼活动", "agent": "坐席",
        "customerNumber": "客户号码", "customer": "客户", "search": "搜索", "started": "开始于", "duration": "时长",
        "state": "状态", "version": "版本", "noRecordings": "没有符合条件的录音。", "previous": "上一页", "next": "下一页",
        "numberSearched": "已按号码搜索", "opusHash": "音频 SHA-256", "sealedHash": "密封对象 SHA-256",
        "restricted": "受限", "restrictedUntil": "处理受限，直至",
        "listen": "播放", "reason": "理由（文字或案件编号）", "reasonGiven": "已填写理由：",
        "reasonPrompt": "播放录音会记入审计日志。请说明您需要它的理由。",
        "restrictedPrompt": "此录音处于受限状态：仅可用于所述理由所需的处理。",
        "back": "返回", "zoneNote": "时间为保管库所在时区，",
        "noConsole": "此角色没有控制台页面。", "noConsoleDetail": "拨号器和录音器账号请使用 HTTP API。",
        "notYet": "您的页面", "notYetDetail": "隐私和管理页面尚未加入控制台；请使用 callvault 命令行或 HTTP API。",
        "forbidden": "无权访问", "forbiddenDetail": "您的角色不能打开此页面。",
        "expired": "您已空闲 15 分钟，会话已结束。请重新登录。",
        "badForm": "表单已过期或并非由本控制台发出。请刷新页面后重试。",
        "notFound": "未找到", "failed": "出现错误", "badInput": "请检查输入内容",
    ]
}
