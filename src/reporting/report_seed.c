/* The built-in report types (reporting.h rep_seed_types): the commune committee's work report,
 * the citizen-reception report (KL 215-KL/TW: monthly, Q1, 6-month, 9-month, annual) and the
 * study-results report of a resolution. Their deadlines take the rule keys in force, so an
 * office that changed a rule before seeding gets its own numbers. */
#include <stdlib.h>
#include <string.h>

#include "org/org.h"
#include "reporting/reporting_impl.h"
#include "rules/rules.h"
#include "web/dates.h"

static const char work_report[] =
    "{\"code\":\"BC_CONG_TAC_XA\",\"name\":\"Báo cáo công tác của Đảng ủy xã, phường\","
    "\"legal_basis\":\"Quy chế làm việc của Thành ủy; NĐ 09/2019/NĐ-CP (tương tự)\","
    "\"cycles\":[\"month\",\"quarter\",\"year\"],\"levels\":[\"XA\"],"
    "\"form\":{\"indicators\":["
    "{\"code\":\"DV_KET_NAP\",\"name\":\"Đảng viên mới kết nạp\",\"type\":\"integer\","
    "\"unit\":\"người\",\"aggregation\":\"sum\",\"required\":true},"
    "{\"code\":\"DV_CHUYEN_DEN\",\"name\":\"Đảng viên chuyển sinh hoạt đến\",\"type\":\"integer\","
    "\"unit\":\"người\",\"aggregation\":\"sum\"},"
    "{\"code\":\"VB_DEN\",\"name\":\"Văn bản đến\",\"type\":\"integer\",\"unit\":\"văn bản\","
    "\"aggregation\":\"sum\",\"required\":true},"
    "{\"code\":\"VB_DI\",\"name\":\"Văn bản đi\",\"type\":\"integer\",\"unit\":\"văn bản\","
    "\"aggregation\":\"sum\",\"required\":true},"
    "{\"code\":\"VB_DUNG_HAN\",\"name\":\"Văn bản đến giải quyết đúng hạn\",\"type\":\"integer\","
    "\"unit\":\"văn bản\",\"aggregation\":\"sum\"},"
    "{\"code\":\"TY_LE_DUNG_HAN\",\"name\":\"Tỷ lệ giải quyết đúng hạn\",\"type\":\"percent\","
    "\"unit\":\"%\",\"aggregation\":\"avg\"},"
    "{\"code\":\"HOI_NGHI\",\"name\":\"Hội nghị quán triệt, triển khai\",\"type\":\"integer\","
    "\"unit\":\"hội nghị\",\"aggregation\":\"sum\"},"
    "{\"code\":\"VU_VIEC_PHUC_TAP\",\"name\":\"Có vụ việc phức tạp\",\"type\":\"yesno\","
    "\"aggregation\":\"sum\"}],"
    "\"sections\":["
    "{\"code\":\"TINH_HINH\",\"name\":\"Tình hình chung\",\"required\":true},"
    "{\"code\":\"HAN_CHE\",\"name\":\"Hạn chế, vướng mắc\"},"
    "{\"code\":\"PHUONG_HUONG\",\"name\":\"Phương hướng kỳ tới\",\"required\":true}],"
    "\"rules\":["
    "{\"expr\":\"VB_DUNG_HAN <= VB_DEN\",\"message\":\"Số văn bản giải quyết đúng hạn không "
    "thể nhiều hơn số văn bản đến.\"},"
    "{\"expr\":\"required_if(HAN_CHE, VU_VIEC_PHUC_TAP = 1)\",\"message\":\"Có vụ việc phức "
    "tạp thì phải nêu hạn chế, vướng mắc.\"}]}}";

static const char citizen_report[] =
    "{\"code\":\"BC_TIEP_DAN\",\"name\":\"Báo cáo công tác tiếp công dân, giải quyết khiếu nại, "
    "tố cáo\",\"legal_basis\":\"Quy định 11-QĐi/TW, sửa đổi theo Kết luận 215-KL/TW (Điều 3.8)\","
    "\"cycles\":[\"month\",\"q1\",\"half\",\"nine\",\"year\"],\"levels\":[\"XA\"],"
    "\"form\":{\"indicators\":["
    "{\"code\":\"LUOT_TIEP\",\"source\":\"petitions:TD_SO_LUOT_TIEP\",\"name\":\"Lượt tiếp công "
    "dân\",\"type\":\"integer\","
    "\"unit\":\"lượt\",\"required\":true},"
    "{\"code\":\"SO_NGUOI\",\"source\":\"petitions:TD_SO_NGUOI\",\"name\":\"Số người được "
    "tiếp\",\"type\":\"integer\","
    "\"unit\":\"người\",\"required\":true},"
    "{\"code\":\"DOAN_DONG_NGUOI\",\"source\":\"petitions:TD_DOAN_DONG_NGUOI\",\"name\":\"Đoàn "
    "đông người\",\"type\":\"integer\","
    "\"unit\":\"đoàn\"},"
    "{\"code\":\"BI_THU_TIEP\",\"source\":\"petitions:TD_DINH_KY\",\"name\":\"Buổi bí thư tiếp dân "
    "định kỳ\",\"type\":\"integer\","
    "\"unit\":\"buổi\"},"
    "{\"code\":\"DON_NHAN\",\"source\":\"petitions:DON_TONG\",\"name\":\"Đơn thư nhận "
    "được\",\"type\":\"integer\","
    "\"unit\":\"đơn\",\"required\":true},"
    "{\"code\":\"DON_DU_DIEU_KIEN\",\"source\":\"petitions:DON_THU_LY\",\"name\":\"Đơn đủ điều "
    "kiện xử lý\",\"type\":\"integer\","
    "\"unit\":\"đơn\"},"
    "{\"code\":\"DON_DA_GIAI_QUYET\",\"source\":\"petitions:DON_DA_GIAI_QUYET\",\"name\":\"Đơn đã "
    "giải quyết\",\"type\":\"integer\","
    "\"unit\":\"đơn\"},"
    "{\"code\":\"DON_TON\",\"source\":\"petitions:DON_TON\",\"name\":\"Đơn còn "
    "tồn\",\"type\":\"integer\",\"unit\":\"đơn\","
    "\"aggregation\":\"sum\"}],"
    "\"sections\":[{\"code\":\"TINH_HINH\",\"name\":\"Tình hình, nhận xét\",\"required\":true},"
    "{\"code\":\"DE_XUAT\",\"name\":\"Đề xuất, kiến nghị\"}],"
    "\"rules\":["
    "{\"expr\":\"SO_NGUOI >= LUOT_TIEP\",\"message\":\"Mỗi lượt tiếp có ít nhất một người: số "
    "người được tiếp không thể ít hơn số lượt.\"},"
    "{\"expr\":\"DON_DU_DIEU_KIEN <= DON_NHAN\",\"message\":\"Đơn đủ điều kiện xử lý không thể "
    "nhiều hơn đơn nhận được.\"},"
    "{\"expr\":\"DON_DA_GIAI_QUYET <= DON_DU_DIEU_KIEN\",\"message\":\"Đơn đã giải quyết không "
    "thể nhiều hơn đơn đủ điều kiện xử lý.\"}]}}";

static const char study_report[] =
    "{\"code\":\"BC_HOC_TAP_NQ\",\"name\":\"Báo cáo kết quả học tập, quán triệt nghị quyết\","
    "\"legal_basis\":\"Hướng dẫn của Ban Tuyên giáo và Dân vận về học tập, quán triệt\","
    "\"cycles\":[\"thematic\"],\"levels\":[\"XA\"],"
    "\"form\":{\"indicators\":["
    "{\"code\":\"TONG_DANG_VIEN\",\"source\":\"conferences:members_total\",\"name\":\"Tổng số đảng "
    "viên\",\"type\":\"integer\","
    "\"unit\":\"người\",\"required\":true},"
    "{\"code\":\"DV_THAM_GIA\",\"source\":\"conferences:members_attended\",\"name\":\"Đảng viên "
    "tham gia học tập\",\"type\":\"integer\","
    "\"unit\":\"người\",\"required\":true},"
    "{\"code\":\"TY_LE_THAM_GIA\",\"source\":\"conferences:pct\",\"name\":\"Tỷ lệ tham "
    "gia\",\"type\":\"percent\",\"unit\":\"%\"},"
    "{\"code\":\"HOI_NGHI_TO_CHUC\",\"source\":\"conferences:conferences\",\"name\":\"Hội nghị đã "
    "tổ chức\",\"type\":\"integer\","
    "\"unit\":\"hội nghị\"},"
    "{\"code\":\"CO_KE_HOACH\",\"source\":\"conferences:action_plan\",\"name\":\"Đã ban hành kế "
    "hoạch thực hiện\",\"type\":\"yesno\","
    "\"aggregation\":\"sum\"}],"
    "\"sections\":[{\"code\":\"KET_QUA\",\"name\":\"Kết quả, nhận thức sau học tập\","
    "\"required\":true},{\"code\":\"KIEN_NGHI\",\"name\":\"Kiến nghị\"}],"
    "\"rules\":[{\"expr\":\"DV_THAM_GIA <= TONG_DANG_VIEN\",\"message\":\"Số đảng viên tham gia "
    "không thể nhiều hơn tổng số đảng viên.\"}]}}";

int rep_seed_types(ctx *c, char **err_r)
{
    *err_r = NULL;
    int64_t anchor = org_scope_anchor(c->db, c->user ? c->user->unit_id : org_root_unit(c->db));
    int64_t office = org_register_unit(c->db, anchor);
    const char *from = "2025-07-01";
    struct {
        const char *json;
        bool commune_day;
    } seeds[] = {{work_report, true}, {citizen_report, false}, {study_report, false}};
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        json_t *j = json_loads(seeds[i].json, 0, NULL);
        if (!j) {
            *err_r = strdup("reporting seed: bad JSON");
            return -1;
        }
        if (rep_type_by_code(c, json_string_value(json_object_get(j, "code")))) {
            json_decref(j);
            continue;
        }
        json_object_set_new(j, "recipient_unit_id", json_integer(office ? office : anchor));
        json_object_set_new(j, "effective_from", json_string(from));
        json_object_set_new(j, "cutoff_day",
                            json_integer(rules_int(c->db, "reporting.cutoff_day", from)));
        if (seeds[i].commune_day)
            json_object_set_new(
                j, "due",
                json_pack("{s:s, s:I, s:{s:I}}", "kind", "day", "value",
                          (json_int_t)rules_int(c->db, "reporting.due_day", from), "by_level", "XA",
                          (json_int_t)rules_int(c->db, "reporting.due_day_commune", from)));
        else
            json_object_set_new(
                j, "due",
                json_pack("{s:s, s:I}", "kind", "workdays", "value",
                          (json_int_t)rules_int(c->db, "reporting.unit_due_workdays", from)));
        web_err e;
        int64_t id = rep_type_save(c, 0, j, &e);
        json_decref(j);
        if (id < 0) {
            *err_r = strdup(web_err_message(&e) ? web_err_message(&e) : "reporting seed");
            return -1;
        }
    }
    return 0;
}
