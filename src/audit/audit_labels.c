/* The audit trail in words (audit.h audit_action_label and friends): the actions every module
 * writes, the entities they name and the fields of their before/after contents, each with its
 * Vietnamese label. audit knows no module above it, so the table lists the codes as modules
 * write them; a code missing here is shown as written (and a test lists the actions the demo
 * writes, so a new one is noticed). */
#include "audit/audit.h"

#include <string.h>

#include "base/i18n.h"

typedef struct label {
    const char *code, *label; /* label: an N_() message id, translated when shown */
} label;

static const label actions[] = {
    {"incoming.register", N_("Vào sổ văn bản đến")},
    {"incoming.register_duplicate", N_("Vào sổ văn bản đến (trùng, có lý do)")},
    {"incoming.attach", N_("Thêm tệp vào văn bản đến")},
    {"incoming.assign", N_("Phân công xử lý")},
    {"incoming.pass", N_("Chuyển tiếp xử lý")},
    {"incoming.progress", N_("Cập nhật tiến độ")},
    {"incoming.extend", N_("Gia hạn xử lý")},
    {"incoming.done", N_("Hoàn thành xử lý")},
    {"inbox.refuse", N_("Từ chối tiếp nhận văn bản điện tử")},
    {"doc.open_secret", N_("Mở văn bản mật")},
    {"doc.open_secret_attachment", N_("Mở tệp của văn bản mật")},
    {"outgoing.create", N_("Tạo dự thảo văn bản đi")},
    {"outgoing.version", N_("Sửa dự thảo")},
    {"outgoing.comment", N_("Góp ý dự thảo")},
    {"outgoing.attach", N_("Thêm tệp vào văn bản đi")},
    {"outgoing.approve", N_("Duyệt dự thảo")},
    {"outgoing.sign", N_("Ký ban hành")},
    {"outgoing.issue", N_("Phát hành văn bản đi")},
    {"outgoing.recall", N_("Thu hồi văn bản đi")},
    {"dossier.heading_add", N_("Thêm đề mục danh mục hồ sơ")},
    {"dossier.plan_add", N_("Thêm hồ sơ vào kế hoạch")},
    {"dossier.open", N_("Mở hồ sơ")},
    {"dossier.close", N_("Đóng hồ sơ")},
    {"dossier.file", N_("Đưa văn bản vào hồ sơ")},
    {"programme.create", N_("Lập chương trình công tác")},
    {"programme.item_add", N_("Thêm nội dung chương trình")},
    {"programme.item_edit", N_("Sửa nội dung chương trình (dự thảo)")},
    {"programme.item_delete", N_("Bỏ nội dung khỏi chương trình (dự thảo)")},
    {"programme.submit", N_("Trình chương trình công tác")},
    {"programme.return", N_("Trả lại chương trình để sửa")},
    {"programme.approve", N_("Duyệt chương trình công tác")},
    {"programme.issue", N_("Lập văn bản ban hành chương trình")},
    {"programme.revise", N_("Lập bản điều chỉnh chương trình")},
    {"programme.derive", N_("Lập chương trình kỳ từ chương trình năm")},
    {"programme.item_status", N_("Cập nhật trạng thái nội dung chương trình")},
    {"programme.item_carry", N_("Chuyển nội dung chương trình sang kỳ sau")},
    {"conference.create", N_("Tạo hội nghị")},
    {"conference.update", N_("Sửa thông tin hội nghị")},
    {"conference.cancel", N_("Hủy hội nghị")},
    {"conference.subject_add", N_("Gắn văn bản vào hội nghị")},
    {"conference.invitee_add", N_("Mời thêm đơn vị dự hội nghị")},
    {"conference.endpoint_set", N_("Cập nhật điểm cầu")},
    {"conference.material_add", N_("Thêm tài liệu hội nghị")},
    {"conference.open_secret_material", N_("Mở tài liệu mật của hội nghị")},
    {"conference.invite", N_("Tạo giấy mời hội nghị")},
    {"conference.answer", N_("Trả lời giấy mời hội nghị")},
    {"conference.checkin", N_("Điểm danh đơn vị dự hội nghị")},
    {"conference.checkin_undo", N_("Bỏ điểm danh đơn vị")},
    {"conference.attendance", N_("Ghi số liệu điểm danh hội nghị")},
    {"conference.minutes", N_("Lập biên bản hội nghị")},
    {"conference.conclusion", N_("Soạn thông báo kết luận hội nghị")},
    {"conference.remind", N_("Nhắc hạn thông báo kết luận")},
    {"conference.study_report", N_("Gửi báo cáo kết quả học tập, quán triệt")},
    {"catalog.doc_type_save", N_("Lưu loại văn bản")},
    {"catalog.term_add", N_("Thêm nhiệm kỳ")},
    {"catalog.register_add", N_("Thêm sổ văn bản")},
    {"unit.create", N_("Tạo đơn vị")},
    {"unit.update", N_("Sửa đơn vị")},
    {"unit.dissolve", N_("Giải thể, sáp nhập đơn vị")},
    {"staff.create", N_("Thêm cán bộ")},
    {"staff.update", N_("Sửa thông tin cán bộ")},
    {"user.create", N_("Tạo tài khoản")},
    {"user.disable", N_("Khóa tài khoản")},
    {"user.enable", N_("Mở khóa tài khoản")},
    {"user.password_reset", N_("Đặt lại mật khẩu")},
    {"user.require_password_change", N_("Buộc đổi mật khẩu")},
    {"user.password_change", N_("Đổi mật khẩu")},
    {"session.login", N_("Đăng nhập")},
    {"session.login_failed", N_("Đăng nhập không thành công")},
    {"session.login_throttled", N_("Đăng nhập bị tạm chặn")},
    {"session.logout", N_("Đăng xuất")},
    {"token.create", N_("Tạo khóa API")},
    {"token.revoke", N_("Thu hồi khóa API")},
    {"search.reindex", N_("Lập lại chỉ mục tìm kiếm")},
    {"docs.demo_seed", N_("Tạo dữ liệu mẫu")},
    {"docs.demo_incoming_seed", N_("Tạo văn bản đến mẫu")},
    {"workday.set", N_("Đặt ngày nghỉ, ngày làm bù")},
    {"workday.clear", N_("Xóa ngày khỏi lịch làm việc")},
    {"workday.seed", N_("Tạo lịch ngày nghỉ của năm")},
    {"rule.set", N_("Đặt giá trị tham số nghiệp vụ")},
    {"schedule.create", N_("Thêm sự kiện vào lịch công tác tuần")},
    {"schedule.update", N_("Sửa sự kiện của lịch công tác tuần")},
    {"schedule.cancel", N_("Hủy sự kiện của lịch công tác tuần")},
    {"schedule.publish", N_("Phát hành lịch công tác tuần")},
    {"schedule.room_add", N_("Thêm phòng họp")},
    {"schedule.feed_create", N_("Tạo đường dẫn lịch (iCalendar)")},
    {"schedule.feed_revoke", N_("Thu hồi đường dẫn lịch (iCalendar)")},
    {"followup.create", N_("Giao nhiệm vụ theo dõi")},
    {"followup.progress", N_("Báo cáo tiến độ nhiệm vụ")},
    {"followup.complete", N_("Báo cáo hoàn thành nhiệm vụ")},
    {"followup.confirm", N_("Xác nhận hoàn thành nhiệm vụ")},
    {"followup.return", N_("Trả lại kết quả nhiệm vụ")},
    {"followup.extend_request", N_("Đề nghị gia hạn nhiệm vụ")},
    {"followup.extend_approve", N_("Đồng ý gia hạn nhiệm vụ")},
    {"followup.extend_refuse", N_("Không đồng ý gia hạn nhiệm vụ")},
    {"followup.cancel", N_("Dừng nhiệm vụ")},
    {"followup.remind", N_("Nhắc hạn nhiệm vụ")},
    {"report_type.save", N_("Lưu loại báo cáo")},
    {"report.open", N_("Mở kỳ báo cáo")},
    {"report.save", N_("Lưu nháp báo cáo")},
    {"report.submit", N_("Nộp báo cáo")},
    {"report.return", N_("Trả lại báo cáo để sửa")},
    {"report.accept", N_("Tiếp nhận báo cáo")},
    {"report.synthesis", N_("Lập báo cáo tổng hợp")},
    /* petitions */
    {"petition.register", N_("Vào sổ đơn thư")},
    {"petition.classify", N_("Phân loại đơn")},
    {"petition.screen", N_("Ghi kết quả phân loại, xử lý đơn")},
    {"petition.assign", N_("Giao xử lý đơn")},
    {"petition.accept", N_("Thụ lý đơn")},
    {"petition.return", N_("Trả lại đơn, hướng dẫn")},
    {"petition.transfer", N_("Chuyển đơn")},
    {"petition.file", N_("Lưu đơn")},
    {"petition.extend", N_("Gia hạn giải quyết đơn")},
    {"petition.result", N_("Ghi kết quả giải quyết đơn")},
    {"petition.close", N_("Kết thúc đơn")},
    {"petition.scan_add", N_("Thêm bản quét đơn")},
    {"petition.identity_view", N_("Xem danh tính người tố cáo")},
    {"petition_rule.save", N_("Sửa bảng thời hạn đơn thư")},
    {"reception.head_add", N_("Khai báo người đứng đầu tiếp dân")},
    {"reception.delegate", N_("Ủy quyền tiếp công dân")},
    {"reception.session_add", N_("Lên lịch tiếp công dân")},
    {"reception.session_held", N_("Ghi nhận buổi tiếp công dân")},
    {"reception.entry_add", N_("Ghi sổ tiếp công dân")},
    {"reception.identity_view", N_("Xem danh tính trong sổ tiếp công dân")},
    {"budget.create", N_("Lập dự toán")},
    {"budget.amounts", N_("Sửa số tiền dự toán")},
    {"budget.submit", N_("Trình dự toán, quyết toán")},
    {"budget.approve", N_("Duyệt dự toán, quyết toán")},
    {"budget.issue", N_("Lập quyết định phê duyệt dự toán, quyết toán")},
    {"budget.revise", N_("Điều chỉnh dự toán, quyết toán")},
    {"budget.settle", N_("Lập quyết toán")},
    {"budget.spend", N_("Ghi khoản chi")},
    {"badge.sweep", N_("Lập danh sách đảng viên đến hạn Huy hiệu")},
    {"badge.create", N_("Lập hồ sơ Huy hiệu Đảng")},
    {"badge.review", N_("Chi bộ xét Huy hiệu Đảng")},
    {"badge.propose", N_("Đề nghị tặng Huy hiệu Đảng")},
    {"badge.decide", N_("Ghi quyết định tặng Huy hiệu Đảng")},
    {"badge.ceremony", N_("Ghi ngày trao Huy hiệu Đảng")},
    {"badge.discipline", N_("Ghi kỷ luật đảng viên (chờ xét Huy hiệu)")},
    {"commendation.create", N_("Ghi khen thưởng")},
    {"training.create", N_("Ghi khóa đào tạo, bồi dưỡng")},
    {"training.requirement", N_("Sửa quy định đào tạo theo chức vụ")},
    {"signing.import", N_("Nạp chứng thư số")},
    {"signing.sign", N_("Ký số văn bản đi")},
    {"signing.upload_signed", N_("Đính kèm bản đã ký số bằng USB token")},
    {"edxml.export", N_("Xuất gói edXML")},
    {"edxml.receive", N_("Nhận gói edXML")},
    {"edxml.refuse", N_("Từ chối gói edXML")},
    {"edxml.status", N_("Nhận trạng thái edXML")},
    {"edxml.request_decide", N_("Trả lời đề nghị thu hồi, cập nhật, thay thế")},
    {"outgoing.update", N_("Gửi cập nhật văn bản đã phát hành")},
    {"edxml.organ_add", N_("Thêm cơ quan liên thông")},
    {"edxml.organ_edit", N_("Sửa cơ quan liên thông")},
    {NULL, NULL},
};

static const label entities[] = {
    {"petition", N_("Đơn thư")},
    {"petition_rule", N_("Bảng thời hạn đơn thư")},
    {"reception_head", N_("Người đứng đầu tiếp dân")},
    {"reception_session", N_("Buổi tiếp công dân")},
    {"reception_entry", N_("Sổ tiếp công dân")},
    {"incoming", N_("Văn bản đến")},
    {"outgoing", N_("Văn bản đi")},
    {"inbox", N_("Hàng chờ văn bản điện tử")},
    {"attachment", N_("Tệp đính kèm")},
    {"dossier", N_("Hồ sơ")},
    {"programme", N_("Chương trình công tác")},
    {"conference", N_("Hội nghị")},
    {"badge", N_("Huy hiệu Đảng")},
    {"commendation", N_("Khen thưởng")},
    {"training", N_("Đào tạo, bồi dưỡng")},
    {"doc_type", N_("Loại văn bản")},
    {"term", N_("Nhiệm kỳ")},
    {"register", N_("Sổ văn bản")},
    {"registers", N_("Sổ văn bản")},
    {"unit", N_("Đơn vị")},
    {"staff", N_("Cán bộ")},
    {"user", N_("Tài khoản")},
    {"api_token", N_("Khóa API")},
    {"workday", N_("Lịch ngày làm việc")},
    {"rule_value", N_("Tham số nghiệp vụ")},
    {"schedule_event", N_("Sự kiện của lịch công tác tuần")},
    {"schedule_week", N_("Lịch công tác tuần")},
    {"schedule_feed", N_("Đường dẫn lịch (iCalendar)")},
    {"room", N_("Phòng họp")},
    {"followup", N_("Nhiệm vụ theo dõi")},
    {"report_type", N_("Loại báo cáo")},
    {"report", N_("Báo cáo định kỳ")},
    {"budget", N_("Dự toán, quyết toán")},
    {"budget_spending", N_("Khoản chi ngân sách")},
    {"signing_credential", N_("Chứng thư số")},
    {"edxml", N_("Gói edXML")},
    {"edxml_organ", N_("Cơ quan liên thông")},
    {NULL, NULL},
};

/* Fields of the before/after contents that modules write most; others show as written. */
static const label fields[] = {
    {"subject", N_("Trích yếu")},
    {"code", N_("Số, ký hiệu")},
    {"issuer_name", N_("Tác giả")},
    {"arrival_number", N_("Số đến")},
    {"arrival_date", N_("Ngày đến")},
    {"issued_date", N_("Ngày văn bản")},
    {"doc_type", N_("Loại văn bản")},
    {"secrecy", N_("Độ mật")},
    {"urgency", N_("Độ khẩn")},
    {"due_date", N_("Hạn xử lý")},
    {"deadline", N_("Hạn xử lý")},
    {"new_due_date", N_("Hạn mới")},
    {"old_due_date", N_("Hạn cũ")},
    {"instruction", N_("Ý kiến chỉ đạo")},
    {"note", N_("Ghi chú")},
    {"reason", N_("Lý do")},
    {"status", N_("Trạng thái")},
    {"unit_id", N_("Đơn vị")},
    {"name", N_("Tên")},
    {"abbr", N_("Tên viết tắt")},
    {"level", N_("Cấp")},
    {"login", N_("Tên đăng nhập")},
    {"role", N_("Vai trò")},
    {"title", N_("Tiêu đề")},
    {"filename", N_("Tên tệp")},
    {"version", N_("Phiên bản")},
    {"notation", N_("Số, ký hiệu")},
    {"full_name", N_("Họ và tên")},
    {"position", N_("Chức vụ")},
    {"day", N_("Ngày")},
    {"kind", N_("Loại")},
    {"verified", N_("Đã xác minh")},
    {"source", N_("Căn cứ")},
    {"key", N_("Tham số")},
    {"value", N_("Giá trị")},
    {"effective_from", N_("Áp dụng từ ngày")},
    {"year", N_("Năm")},
    {"days", N_("Các ngày")},
    {NULL, NULL},
};

static const char *find(const label *t, const char *code)
{
    if (!code)
        return "";
    for (const label *l = t; l->code; l++)
        if (strcmp(l->code, code) == 0)
            return _(l->label);
    return code;
}

const char *audit_action_label(const char *action)
{
    return find(actions, action);
}

const char *audit_entity_label(const char *entity)
{
    return find(entities, entity);
}

const char *audit_field_label(const char *key)
{
    return find(fields, key);
}

const char *audit_action_code(int i)
{
    return i >= 0 && i < (int)(sizeof actions / sizeof actions[0]) ? actions[i].code : NULL;
}

const char *audit_entity_code(int i)
{
    return i >= 0 && i < (int)(sizeof entities / sizeof entities[0]) ? entities[i].code : NULL;
}
