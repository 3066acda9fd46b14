#include "app/mdeck/commands.h"

#include "app/mdeck/json_views.h"
#include "app/mdeck/text_table.h"
#include "core/common/text.h"

#include <ostream>

namespace mdeck::cli {

Result<void> auditList(CommandContext &ctx, const AuditListOptions &o)
{
    ctx.readOnly();
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    MDECK_TRY(ctx.actor()); // a bad token is refused even for reading
    auth::AuditQuery q;
    q.subjectPrefix = o.subject;
    q.action = o.action;
    q.limit = o.limit;
    auto entries = auth::AuditLog::list((*ws)->db(), q);
    if (!entries)
        return entries.error();
    if (ctx.json()) {
        Json list = Json::array();
        for (const auto &e : *entries)
            list.push_back(auditEntryJson(e));
        ctx.printJson(Json{{"entries", list}});
        return success();
    }
    if (entries->empty()) {
        ctx.out() << "No audit entries match.\n";
        return success();
    }
    TextTable t({"SEQ", "TIME", "ACTOR", "ACTION", "SUBJECT", "DETAILS"});
    t.alignRight(0);
    for (const auto &e : *entries)
        t.addRow({std::to_string(e.seq), isoTime(e.time), e.actor, e.action, e.subject,
                  clip(e.details, 100)});
    t.print(ctx.out());
    return success();
}

Result<void> auditVerify(CommandContext &ctx)
{
    ctx.readOnly();
    auto ws = ctx.workspace();
    if (!ws)
        return ws.error();
    MDECK_TRY(ctx.actor());
    auto v = auth::AuditLog::verify((*ws)->db());
    if (!v)
        return v.error();
    if (ctx.json())
        ctx.printJson(Json{{"ok", v->ok},
                           {"checked", v->checked},
                           {"bad_seq", v->ok ? Json(nullptr) : Json(v->badSeq)},
                           {"problem", v->problem}});
    else if (v->ok)
        ctx.out() << "Audit log intact: " << v->checked << " entries checked.\n";
    if (!v->ok)
        return Error(ErrorCode::Integrity, v->problem);
    return success();
}

Result<void> verifyWorkspace(CommandContext &ctx)
{
    ctx.readOnly();
    auto reg = ctx.registry();
    if (!reg)
        return reg.error();
    MDECK_TRY(ctx.actor());
    auto report = (*reg)->verifyWorkspace();
    if (!report)
        return report.error();
    if (ctx.json()) {
        Json problems = Json::array();
        for (const auto &p : report->problems)
            problems.push_back(Json{{"subject", p.subject}, {"message", p.message}});
        ctx.printJson(Json{{"ok", report->ok()},
                           {"versions_checked", report->versionsChecked},
                           {"artifacts_checked", report->artifactsChecked},
                           {"audit_entries_checked", report->auditEntriesChecked},
                           {"prediction_blocks_checked", report->predictionBlocksChecked},
                           {"problems", problems}});
    } else {
        for (const auto &p : report->problems)
            ctx.out() << "PROBLEM " << p.subject << ": " << p.message << '\n';
        ctx.out() << "Checked the database, " << report->versionsChecked << " versions, "
                  << report->artifactsChecked << " artifacts, " << report->predictionBlocksChecked
                  << " prediction blocks and " << report->auditEntriesChecked << " audit entries: "
                  << (report->ok() ? std::string("no problems")
                                   : std::to_string(report->problems.size()) + " problem(s)")
                  << ".\n";
    }
    if (!report->ok())
        return Error(ErrorCode::Integrity,
                     "the workspace failed verification with "
                         + std::to_string(report->problems.size()) + " problem(s)");
    return success();
}

} // namespace mdeck::cli
