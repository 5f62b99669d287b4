/* The demo office (DOMAIN.md §10), written by `vanphong init --demo`: the Cần Thơ tree before
 * 1/7/2025 (the old Thành ủy with its boards, five quận ủy and four huyện ủy, each with its
 * office; the Tỉnh ủy of Sóc Trăng and Hậu Giang), the merged Thành ủy from 1/7/2025 with a
 * dozen commune and ward committees, successor links for every dissolved unit, about thirty
 * invented staff and one login per role.
 *
 * Everything is DỮ LIỆU MẪU (demo data): names of people are invented; names of the new
 * commune-level committees are [inferred] (DOMAIN.md §10). The logins are written directly
 * (not through auth_user_create) so that the whole seed is one transaction: auth_user_create
 * opens its own, and the store has no nested transactions. */
#include <jansson.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/config.h"
#include "audit/audit.h"
#include "auth/auth.h"
#include "base/clock.h"
#include "org/org.h"

#define OLD_TO "2025-06-30"
#define NEW_FROM "2025-07-01"
#define DEMO_PASSWORD_CHARS 14
/* No 0/O, 1/l/I: the passwords are read off a screen and typed by hand. */
#define READABLE "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

static const db_query q_any_unit = {"org.demo_any_unit", "SELECT 1 FROM units LIMIT 1", NULL};
static const db_query q_unit = {
    "org.demo_unit",
    "INSERT INTO units (parent_id, name, abbr, level, organ_id, valid_from, valid_to, sort_order,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7, ?8, ?8)",
    NULL};
static const db_query q_link = {
    "org.demo_link",
    "INSERT INTO unit_successors (unit_id, successor_id, kind, effective_date, note, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    NULL};
static const db_query q_staff = {
    "org.demo_staff",
    "INSERT INTO staff (unit_id, full_name, position, gender, birth_year, phone, email, degree,"
    " political_theory, active, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
    NULL};
static const db_query q_course = {"org.demo_course",
                                  "INSERT INTO staff_courses (staff_id, name, year, place, "
                                  "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                                  NULL};
static const db_query q_domain = {
    "org.demo_domain",
    "INSERT INTO staff_domains (staff_id, domain, created_at) VALUES (?1, ?2, ?3)", NULL};
static const db_query q_area = {"org.demo_area",
                                "INSERT INTO staff_areas (staff_id, area_unit_id, area_text, "
                                "created_at) VALUES (?1, ?2, ?3, ?4)",
                                NULL};
/* users belongs to auth (002_auth.sql); the columns are those auth_user_create writes, plus
 * the staff record the demo account stands for. */
static const db_query q_user = {
    "org.demo_user",
    "INSERT INTO users (login, name, role, unit_id, staff_id, password_hash, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    NULL};

/* ---- the tree --------------------------------------------------------------------------- */

enum {
    U_TU_OLD,
    U_VPTU_OLD,
    U_BTC_OLD,
    U_BTG_OLD,
    U_UBKT_OLD,
    U_QU_NK,
    U_VP_NK,
    U_QU_BT,
    U_VP_BT,
    U_QU_CR,
    U_VP_CR,
    U_QU_OM,
    U_VP_OM,
    U_QU_TN,
    U_VP_TN,
    U_HU_PD,
    U_VP_PD,
    U_HU_CD,
    U_VP_CD,
    U_HU_TL,
    U_VP_TL,
    U_HU_VT,
    U_VP_VT,
    U_TINH_ST,
    U_TINH_HG,
    U_TU,
    U_VPTU,
    U_BTC,
    U_BTGDV,
    U_UBKT,
    U_P_NK,
    U_P_CK,
    U_P_TA,
    U_P_BT,
    U_P_CR,
    U_P_OM,
    U_P_TN,
    U_X_PD,
    U_X_CD,
    U_X_TL,
    U_X_VT,
    U_P_ST,
    U_P_VTH,
    U_COUNT,
    U_NONE = -1
};

struct demo_unit {
    int key, parent;
    const char *name, *abbr, *level, *from, *to;
};

/* In insertion order (a parent before its children); sort_order follows this order. */
static const struct demo_unit units[] = {
    {U_TU_OLD, U_NONE, "Thành ủy Cần Thơ", "TU", "TINH", "2004-01-01", OLD_TO},
    {U_VPTU_OLD, U_TU_OLD, "Văn phòng Thành ủy Cần Thơ", "VPTU", "BAN", "2004-01-01", OLD_TO},
    {U_BTC_OLD, U_TU_OLD, "Ban Tổ chức Thành ủy Cần Thơ", "BTCTU", "BAN", "2004-01-01", OLD_TO},
    {U_BTG_OLD, U_TU_OLD, "Ban Tuyên giáo Thành ủy Cần Thơ", "BTGTU", "BAN", "2004-01-01", OLD_TO},
    {U_UBKT_OLD, U_TU_OLD, "Ủy ban Kiểm tra Thành ủy Cần Thơ", "UBKTTU", "BAN", "2004-01-01",
     OLD_TO},
    {U_QU_NK, U_TU_OLD, "Quận ủy Ninh Kiều", "QU", "HUYEN", "2004-01-01", OLD_TO},
    {U_VP_NK, U_QU_NK, "Văn phòng Quận ủy Ninh Kiều", "VPQU", "BAN", "2004-01-01", OLD_TO},
    {U_QU_BT, U_TU_OLD, "Quận ủy Bình Thủy", "QU", "HUYEN", "2004-01-01", OLD_TO},
    {U_VP_BT, U_QU_BT, "Văn phòng Quận ủy Bình Thủy", "VPQU", "BAN", "2004-01-01", OLD_TO},
    {U_QU_CR, U_TU_OLD, "Quận ủy Cái Răng", "QU", "HUYEN", "2004-01-01", OLD_TO},
    {U_VP_CR, U_QU_CR, "Văn phòng Quận ủy Cái Răng", "VPQU", "BAN", "2004-01-01", OLD_TO},
    {U_QU_OM, U_TU_OLD, "Quận ủy Ô Môn", "QU", "HUYEN", "2004-01-01", OLD_TO},
    {U_VP_OM, U_QU_OM, "Văn phòng Quận ủy Ô Môn", "VPQU", "BAN", "2004-01-01", OLD_TO},
    {U_QU_TN, U_TU_OLD, "Quận ủy Thốt Nốt", "QU", "HUYEN", "2008-12-24", OLD_TO},
    {U_VP_TN, U_QU_TN, "Văn phòng Quận ủy Thốt Nốt", "VPQU", "BAN", "2008-12-24", OLD_TO},
    {U_HU_PD, U_TU_OLD, "Huyện ủy Phong Điền", "HU", "HUYEN", "2004-01-01", OLD_TO},
    {U_VP_PD, U_HU_PD, "Văn phòng Huyện ủy Phong Điền", "VPHU", "BAN", "2004-01-01", OLD_TO},
    {U_HU_CD, U_TU_OLD, "Huyện ủy Cờ Đỏ", "HU", "HUYEN", "2004-01-01", OLD_TO},
    {U_VP_CD, U_HU_CD, "Văn phòng Huyện ủy Cờ Đỏ", "VPHU", "BAN", "2004-01-01", OLD_TO},
    {U_HU_TL, U_TU_OLD, "Huyện ủy Thới Lai", "HU", "HUYEN", "2008-12-24", OLD_TO},
    {U_VP_TL, U_HU_TL, "Văn phòng Huyện ủy Thới Lai", "VPHU", "BAN", "2008-12-24", OLD_TO},
    {U_HU_VT, U_TU_OLD, "Huyện ủy Vĩnh Thạnh", "HU", "HUYEN", "2004-01-01", OLD_TO},
    {U_VP_VT, U_HU_VT, "Văn phòng Huyện ủy Vĩnh Thạnh", "VPHU", "BAN", "2004-01-01", OLD_TO},
    {U_TINH_ST, U_NONE, "Tỉnh ủy Sóc Trăng", "TU", "TINH", "1992-04-01", OLD_TO},
    {U_TINH_HG, U_NONE, "Tỉnh ủy Hậu Giang", "TU", "TINH", "2004-01-01", OLD_TO},

    {U_TU, U_NONE, "Thành ủy Cần Thơ", "TU", "TINH", NEW_FROM, NULL},
    {U_VPTU, U_TU, "Văn phòng Thành ủy Cần Thơ", "VPTU", "BAN", NEW_FROM, NULL},
    {U_BTC, U_TU, "Ban Tổ chức Thành ủy Cần Thơ", "BTCTU", "BAN", NEW_FROM, NULL},
    {U_BTGDV, U_TU, "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ", "BTGDVTU", "BAN", NEW_FROM, NULL},
    {U_UBKT, U_TU, "Ủy ban Kiểm tra Thành ủy Cần Thơ", "UBKTTU", "BAN", NEW_FROM, NULL},
    {U_P_NK, U_TU, "Đảng ủy phường Ninh Kiều", "ĐU", "XA", NEW_FROM, NULL},
    {U_P_CK, U_TU, "Đảng ủy phường Cái Khế", "ĐU", "XA", NEW_FROM, NULL},
    {U_P_TA, U_TU, "Đảng ủy phường Tân An", "ĐU", "XA", NEW_FROM, NULL},
    {U_P_BT, U_TU, "Đảng ủy phường Bình Thủy", "ĐU", "XA", NEW_FROM, NULL},
    {U_P_CR, U_TU, "Đảng ủy phường Cái Răng", "ĐU", "XA", NEW_FROM, NULL},
    {U_P_OM, U_TU, "Đảng ủy phường Ô Môn", "ĐU", "XA", NEW_FROM, NULL},
    {U_P_TN, U_TU, "Đảng ủy phường Thốt Nốt", "ĐU", "XA", NEW_FROM, NULL},
    {U_X_PD, U_TU, "Đảng ủy xã Phong Điền", "ĐU", "XA", NEW_FROM, NULL},
    {U_X_CD, U_TU, "Đảng ủy xã Cờ Đỏ", "ĐU", "XA", NEW_FROM, NULL},
    {U_X_TL, U_TU, "Đảng ủy xã Thới Lai", "ĐU", "XA", NEW_FROM, NULL},
    {U_X_VT, U_TU, "Đảng ủy xã Vĩnh Thạnh", "ĐU", "XA", NEW_FROM, NULL},
    {U_P_ST, U_TU, "Đảng ủy phường Sóc Trăng", "ĐU", "XA", NEW_FROM, NULL},
    {U_P_VTH, U_TU, "Đảng ủy phường Vị Thanh", "ĐU", "XA", NEW_FROM, NULL},
};

struct demo_link {
    int from, to;
    const char *kind, *note;
};

/* Every dissolved unit has at least one successor. */
static const struct demo_link links[] = {
    {U_TU_OLD, U_TU, "merge", "Hợp nhất Thành ủy Cần Thơ, Tỉnh ủy Sóc Trăng, Tỉnh ủy Hậu Giang"},
    {U_TINH_ST, U_TU, "merge", "Hợp nhất vào Thành ủy Cần Thơ"},
    {U_TINH_HG, U_TU, "merge", "Hợp nhất vào Thành ủy Cần Thơ"},
    {U_VPTU_OLD, U_VPTU, "merge", NULL},
    {U_BTC_OLD, U_BTC, "merge", NULL},
    {U_BTG_OLD, U_BTGDV, "merge", "Hợp nhất Ban Tuyên giáo và Ban Dân vận"},
    {U_UBKT_OLD, U_UBKT, "merge", NULL},
    {U_QU_NK, U_P_NK, "split", "Kết thúc hoạt động cấp huyện"},
    {U_QU_NK, U_P_CK, "split", "Kết thúc hoạt động cấp huyện"},
    {U_QU_NK, U_P_TA, "split", "Kết thúc hoạt động cấp huyện"},
    {U_VP_NK, U_P_NK, "transfer", NULL},
    {U_QU_BT, U_P_BT, "transfer", "Kết thúc hoạt động cấp huyện"},
    {U_VP_BT, U_P_BT, "transfer", NULL},
    {U_QU_CR, U_P_CR, "transfer", "Kết thúc hoạt động cấp huyện"},
    {U_VP_CR, U_P_CR, "transfer", NULL},
    {U_QU_OM, U_P_OM, "transfer", "Kết thúc hoạt động cấp huyện"},
    {U_VP_OM, U_P_OM, "transfer", NULL},
    {U_QU_TN, U_P_TN, "transfer", "Kết thúc hoạt động cấp huyện"},
    {U_VP_TN, U_P_TN, "transfer", NULL},
    {U_HU_PD, U_X_PD, "transfer", "Kết thúc hoạt động cấp huyện"},
    {U_VP_PD, U_X_PD, "transfer", NULL},
    {U_HU_CD, U_X_CD, "transfer", "Kết thúc hoạt động cấp huyện"},
    {U_VP_CD, U_X_CD, "transfer", NULL},
    {U_HU_TL, U_X_TL, "transfer", "Kết thúc hoạt động cấp huyện"},
    {U_VP_TL, U_X_TL, "transfer", NULL},
    {U_HU_VT, U_X_VT, "transfer", "Kết thúc hoạt động cấp huyện"},
    {U_VP_VT, U_X_VT, "transfer", NULL},
};

/* ---- the people (invented) ----------------------------------------------------------- */

struct demo_staff {
    int unit;
    const char *name, *position, *gender;
    int birth_year;
    const char *degree, *theory;
    const char *domains;               /* ';'-separated */
    const char *course, *course_place; /* one refresher course, or NULL */
    int course_year;
    int area_unit;         /* U_NONE for none */
    const char *area_text; /* or NULL */
};

enum {
    S_THUONGTRUC = 0,
    S_CHANHVP = 3,
    S_VANTHU = 6,
    S_CHUYENVIEN = 8,
    S_VANTHU_BT = 22,
    S_CHUYENVIEN2 = 14,
};

static const struct demo_staff people[] = {
    /* 0 */ {U_TU, "Nguyễn Văn Hùng", "Phó Bí thư Thường trực Thành ủy", "nam", 1968,
             "Thạc sĩ Quản lý công", "Cao cấp", "Lãnh đạo chung",
             "Bồi dưỡng cán bộ lãnh đạo, quản lý diện Trung ương quản lý",
             "Học viện Chính trị quốc gia Hồ Chí Minh", 2021, U_NONE, NULL},
    {U_TU, "Trần Thị Bích Ngọc", "Phó Bí thư Thành ủy", "nu", 1972, "Tiến sĩ Kinh tế", "Cao cấp",
     "Kinh tế - xã hội", NULL, NULL, 0, U_NONE, NULL},
    {U_TU, "Lê Minh Tâm", "Ủy viên Ban Thường vụ Thành ủy", "nam", 1970, "Thạc sĩ Luật", "Cao cấp",
     "Nội chính", NULL, NULL, 0, U_NONE, NULL},
    /* 3 */
    {U_VPTU, "Phạm Quốc Bảo", "Chánh Văn phòng Thành ủy", "nam", 1975, "Thạc sĩ Hành chính công",
     "Cao cấp", "Điều hành chung;Tổng hợp", "Bồi dưỡng nghiệp vụ công tác văn phòng cấp ủy",
     "Văn phòng Trung ương Đảng", 2023, U_NONE, NULL},
    {U_VPTU, "Võ Thị Thu Hà", "Phó Chánh Văn phòng Thành ủy", "nu", 1979, "Thạc sĩ Luật", "Cao cấp",
     "Tổng hợp;Pháp chế", NULL, NULL, 0, U_NONE, NULL},
    {U_VPTU, "Huỳnh Văn Lợi", "Phó Chánh Văn phòng Thành ủy", "nam", 1977,
     "Cử nhân Tài chính - Kế toán", "Cao cấp", "Tài chính Đảng;Quản trị", NULL, NULL, 0, U_NONE,
     NULL},
    /* 6 */
    {U_VPTU, "Đặng Thị Mai", "Văn thư", "nu", 1990, "Cử nhân Lưu trữ học", "Trung cấp",
     "Văn thư;Lưu trữ", "Bồi dưỡng nghiệp vụ văn thư, lưu trữ",
     "Trường Chính trị thành phố Cần Thơ", 2022, U_NONE, NULL},
    {U_VPTU, "Bùi Thị Kim Oanh", "Văn thư", "nu", 1994, "Cử nhân Văn thư - Lưu trữ", "Sơ cấp",
     "Văn thư", NULL, NULL, 0, U_NONE, NULL},
    /* 8 */
    {U_VPTU, "Lê Hoàng Phúc", "Chuyên viên Phòng Tổng hợp", "nam", 1988, "Thạc sĩ Kinh tế",
     "Trung cấp", "Tổ chức xây dựng Đảng;Theo dõi thực hiện nghị quyết",
     "Bồi dưỡng kỹ năng tham mưu tổng hợp", "Văn phòng Trung ương Đảng", 2024, U_P_BT, NULL},
    {U_VPTU, "Nguyễn Thị Lan Anh", "Chuyên viên Phòng Tổng hợp", "nu", 1991, "Cử nhân Luật",
     "Trung cấp", "Nội chính;Tiếp dân", NULL, NULL, 0, U_X_PD, NULL},
    {U_VPTU, "Trương Văn Đức", "Chuyên viên Phòng Hành chính - Cơ yếu", "nam", 1985,
     "Kỹ sư Công nghệ thông tin", "Trung cấp", "Cơ yếu;Công nghệ thông tin",
     "Bồi dưỡng nghiệp vụ cơ yếu", "Ban Cơ yếu Chính phủ", 2020, U_NONE, "Toàn thành phố"},
    {U_VPTU, "Hồ Thị Ngọc Trâm", "Chuyên viên Phòng Quản trị - Tài vụ", "nu", 1989,
     "Cử nhân Kế toán", "Sơ cấp", "Tài chính Đảng", NULL, NULL, 0, U_NONE, NULL},
    {U_VPTU, "Ngô Thanh Tùng", "Chuyên viên Phòng Tổng hợp", "nam", 1993, "Cử nhân Kinh tế",
     "Sơ cấp", "Kinh tế - xã hội", NULL, NULL, 0, U_P_ST, NULL},
    {U_VPTU, "Dương Thị Hồng Nhung", "Chuyên viên Phòng Tổng hợp", "nu", 1995, "Cử nhân Báo chí",
     "Sơ cấp", "Tuyên giáo;Dân vận", NULL, NULL, 0, U_P_VTH, NULL},
    /* 14 */
    {U_BTC, "Phan Văn Khánh", "Chuyên viên Ban Tổ chức", "nam", 1987,
     "Thạc sĩ Xây dựng Đảng và Chính quyền nhà nước", "Cao cấp", "Tổ chức xây dựng Đảng;Đảng viên",
     "Bồi dưỡng nghiệp vụ công tác tổ chức", "Ban Tổ chức Trung ương", 2023, U_P_NK, NULL},
    {U_BTC, "Lâm Thị Thanh Thảo", "Phó Trưởng Ban Tổ chức Thành ủy", "nu", 1976,
     "Thạc sĩ Quản lý nhà nước", "Cao cấp", "Cán bộ", NULL, NULL, 0, U_NONE, NULL},
    {U_BTGDV, "Tô Minh Nhật", "Chuyên viên Ban Tuyên giáo và Dân vận", "nam", 1990,
     "Cử nhân Triết học", "Cử nhân", "Tuyên giáo;Lý luận chính trị", NULL, NULL, 0, U_NONE, NULL},
    {U_BTGDV, "Châu Thị Mỹ Linh", "Chuyên viên Ban Tuyên giáo và Dân vận", "nu", 1992,
     "Cử nhân Công tác xã hội", "Trung cấp", "Dân vận", NULL, NULL, 0, U_X_CD, NULL},
    {U_UBKT, "Đoàn Văn Thắng", "Phó Chủ nhiệm Ủy ban Kiểm tra Thành ủy", "nam", 1974,
     "Thạc sĩ Luật", "Cao cấp", "Kiểm tra, giám sát", NULL, NULL, 0, U_NONE, NULL},
    {U_UBKT, "Kiều Thị Phương", "Kiểm tra viên", "nu", 1986, "Cử nhân Luật", "Trung cấp",
     "Kiểm tra, giám sát", NULL, NULL, 0, U_P_CR, NULL},
    {U_P_BT, "Trịnh Văn Sơn", "Bí thư Đảng ủy phường", "nam", 1973, "Thạc sĩ Quản lý công",
     "Cao cấp", "Lãnh đạo chung", NULL, NULL, 0, U_NONE, NULL},
    {U_P_BT, "Mai Thị Hương", "Chánh Văn phòng Đảng ủy phường", "nu", 1984, "Cử nhân Luật",
     "Trung cấp", "Tổng hợp", NULL, NULL, 0, U_NONE, NULL},
    /* 22 */
    {U_P_BT, "Tạ Thị Yến", "Văn thư Đảng ủy phường", "nu", 1996, "Cử nhân Văn thư - Lưu trữ",
     "Sơ cấp", "Văn thư", NULL, NULL, 0, U_NONE, NULL},
    {U_P_NK, "Lý Văn Cường", "Bí thư Đảng ủy phường", "nam", 1971, "Thạc sĩ Kinh tế", "Cao cấp",
     "Lãnh đạo chung", NULL, NULL, 0, U_NONE, NULL},
    {U_P_CK, "Quách Thị Diễm", "Phó Bí thư Đảng ủy phường", "nu", 1980, "Cử nhân Hành chính",
     "Cao cấp", "Xây dựng Đảng", NULL, NULL, 0, U_NONE, NULL},
    {U_X_PD, "Vương Văn Tài", "Bí thư Đảng ủy xã", "nam", 1975, "Kỹ sư Nông nghiệp", "Cao cấp",
     "Lãnh đạo chung;Nông nghiệp", NULL, NULL, 0, U_NONE, NULL},
    {U_X_PD, "Đỗ Thị Thùy Dung", "Văn thư Đảng ủy xã", "nu", 1997, "Cao đẳng Văn thư", "Sơ cấp",
     "Văn thư", NULL, NULL, 0, U_NONE, NULL},
    {U_P_ST, "Thạch Sóc Pha", "Phó Bí thư Thường trực Đảng ủy phường", "nam", 1978,
     "Cử nhân Chính trị học", "Cao cấp", "Dân tộc, tôn giáo", NULL, NULL, 0, U_NONE, NULL},
    {U_P_VTH, "Nguyễn Văn An", "Bí thư Đảng ủy phường", "nam", 1976, "Thạc sĩ Quản lý công",
     "Cao cấp", "Lãnh đạo chung", NULL, NULL, 0, U_NONE, NULL},
    {U_X_TL, "Nguyễn Thị An", "Chuyên viên Văn phòng Đảng ủy xã", "nu", 1993, "Cử nhân Luật",
     "Sơ cấp", "Tổng hợp", NULL, NULL, 0, U_NONE, NULL},
    /* Former staff of a dissolved district office, kept for old documents (inactive). */
    {U_VP_BT, "Cao Văn Bình", "Chánh Văn phòng Quận ủy (đến 30/6/2025)", "nam", 1965,
     "Cử nhân Luật", "Cao cấp", "Tổng hợp", NULL, NULL, 0, U_NONE, NULL},
};

struct demo_login {
    const char *login;
    enum role role;
    int unit;
    int staff; /* index into people, -1 none */
    const char *name;
};

static const struct demo_login logins[] = {
    {"admin", ROLE_ADMIN, U_TU, -1, "Quản trị hệ thống"},
    {"thuongtruc", ROLE_COMMITTEE_LEADER, U_TU, S_THUONGTRUC, NULL},
    {"chanhvp", ROLE_OFFICE_LEADER, U_VPTU, S_CHANHVP, NULL},
    {"vanthu", ROLE_CLERK, U_VPTU, S_VANTHU, NULL},
    {"chuyenvien", ROLE_SPECIALIST, U_VPTU, S_CHUYENVIEN, NULL},
    {"donvi", ROLE_UNIT, U_P_BT, -1, "Đảng ủy phường Bình Thủy"},
    {"vanthu.binhthuy", ROLE_CLERK, U_P_BT, S_VANTHU_BT, NULL},
    {"chuyenvien2", ROLE_SPECIALIST, U_BTC, S_CHUYENVIEN2, NULL},
};

#define N_UNITS (sizeof units / sizeof units[0])
#define N_LINKS (sizeof links / sizeof links[0])
#define N_PEOPLE (sizeof people / sizeof people[0])
#define N_LOGINS (sizeof logins / sizeof logins[0])

/* The tables are indexed by their enums. */
_Static_assert(N_UNITS == U_COUNT, "units[] must list every U_ key, in enum order");

/* ---- writing ---------------------------------------------------------------------------- */

static void random_password(char out[DEMO_PASSWORD_CHARS + 1])
{
    for (int i = 0; i < DEMO_PASSWORD_CHARS; i++)
        out[i] = READABLE[randombytes_uniform(sizeof READABLE - 1)];
    out[DEMO_PASSWORD_CHARS] = '\0';
}

static int audit_created(db *d, const char *action, const char *entity, int64_t id, json_t *after)
{
    json_object_set_new(after, "demo", json_true());
    char *a = after ? json_dumps(after, JSON_COMPACT) : NULL;
    json_decref(after);
    int rc = audit_log(d, NULL, action, entity, id, NULL, a);
    free(a);
    return rc;
}

static int step_done(db_stmt *s)
{
    int rc = db_exec(s);
    return rc == DB_DONE ? 0 : (rc ? rc : DB_ERROR);
}

static int seed_units(db *d, const char *now, int64_t ids[U_COUNT])
{
    for (size_t i = 0; i < N_UNITS; i++) {
        const struct demo_unit *u = &units[i];
        if (u->key != (int)i || (u->parent != U_NONE && u->parent >= u->key))
            return DB_ERROR; /* the table is out of enum order: a programming error */
        db_stmt *s = db_stmt_get(d, &q_unit);
        if (!s)
            return DB_ERROR;
        if (u->parent == U_NONE)
            db_bind_null(s, 1);
        else
            db_bind_int(s, 1, ids[u->parent]);
        db_bind_text(s, 2, u->name);
        db_bind_text(s, 3, u->abbr);
        db_bind_text(s, 4, u->level);
        db_bind_text(s, 5, u->from);
        db_bind_text(s, 6, u->to);
        db_bind_int(s, 7, (int64_t)i * 10);
        db_bind_text(s, 8, now);
        int rc = step_done(s);
        if (rc)
            return rc;
        ids[u->key] = db_last_id(d);
        unit row = {.id = ids[u->key],
                    .parent_id = u->parent == U_NONE ? 0 : ids[u->parent],
                    .name = u->name,
                    .abbr = u->abbr,
                    .level = u->level,
                    .valid_from = u->from,
                    .valid_to = u->to,
                    .sort_order = (int64_t)i * 10};
        if ((rc = audit_created(d, "unit.create", "unit", row.id, org_unit_json(&row))))
            return rc;
    }
    for (size_t i = 0; i < N_LINKS; i++) {
        db_stmt *s = db_stmt_get(d, &q_link);
        if (!s)
            return DB_ERROR;
        db_bind_int(s, 1, ids[links[i].from]);
        db_bind_int(s, 2, ids[links[i].to]);
        db_bind_text(s, 3, links[i].kind);
        db_bind_text(s, 4, NEW_FROM);
        db_bind_text(s, 5, links[i].note);
        db_bind_text(s, 6, now);
        int rc = step_done(s);
        if (rc)
            return rc;
    }
    return 0;
}

static int seed_staff(db *d, const char *now, const int64_t uids[U_COUNT], int64_t sids[])
{
    for (size_t i = 0; i < N_PEOPLE; i++) {
        const struct demo_staff *p = &people[i];
        bool active = units[p->unit].to == NULL;
        db_stmt *s = db_stmt_get(d, &q_staff);
        if (!s)
            return DB_ERROR;
        db_bind_int(s, 1, uids[p->unit]);
        db_bind_text(s, 2, p->name);
        db_bind_text(s, 3, p->position);
        db_bind_text(s, 4, p->gender);
        db_bind_int(s, 5, p->birth_year);
        char phone[24];
        snprintf(phone, sizeof phone, "0292 3800 %03zu", 100 + i); /* invented */
        db_bind_text(s, 6, phone);
        char email[64];
        snprintf(email, sizeof email, "canbo%02zu@vanphong.example", i + 1);
        db_bind_text(s, 7, email);
        db_bind_text(s, 8, p->degree);
        db_bind_text(s, 9, p->theory);
        db_bind_int(s, 10, active ? 1 : 0);
        db_bind_text(s, 11, now);
        int rc = step_done(s);
        if (rc)
            return rc;
        int64_t id = sids[i] = db_last_id(d);
        if (p->course) {
            if (!(s = db_stmt_get(d, &q_course)))
                return DB_ERROR;
            db_bind_int(s, 1, id);
            db_bind_text(s, 2, p->course);
            db_bind_int(s, 3, p->course_year);
            db_bind_text(s, 4, p->course_place);
            db_bind_text(s, 5, now);
            if ((rc = step_done(s)))
                return rc;
        }
        /* Domains are one ';'-separated string in the table above. */
        for (const char *dom = p->domains; dom && *dom;) {
            const char *end = strchr(dom, ';');
            size_t n = end ? (size_t)(end - dom) : strlen(dom);
            if (!(s = db_stmt_get(d, &q_domain)))
                return DB_ERROR;
            db_bind_int(s, 1, id);
            db_bind_textn(s, 2, dom, n);
            db_bind_text(s, 3, now);
            if ((rc = step_done(s)))
                return rc;
            dom = end ? end + 1 : NULL;
        }
        if (p->area_unit != U_NONE || p->area_text) {
            if (!(s = db_stmt_get(d, &q_area)))
                return DB_ERROR;
            db_bind_int(s, 1, id);
            if (p->area_unit != U_NONE)
                db_bind_int(s, 2, uids[p->area_unit]);
            else
                db_bind_null(s, 2);
            db_bind_text(s, 3, p->area_unit == U_NONE ? p->area_text : NULL);
            db_bind_text(s, 4, now);
            if ((rc = step_done(s)))
                return rc;
        }
        json_t *after = json_pack("{s:I, s:s, s:I}", "id", (json_int_t)id, "full_name", p->name,
                                  "unit_id", (json_int_t)uids[p->unit]);
        if ((rc = audit_created(d, "staff.create", "staff", id, after)))
            return rc;
    }
    return 0;
}

struct demo_account {
    char password[AUTH_MAX_PASSWORD_BYTES + 1];
    char hash[AUTH_HASH_BYTES];
};

static int seed_logins(db *d, const char *now, const int64_t uids[U_COUNT], const int64_t sids[],
                       struct demo_account *acc)
{
    for (size_t i = 0; i < N_LOGINS; i++) {
        const struct demo_login *l = &logins[i];
        db_stmt *s = db_stmt_get(d, &q_user);
        if (!s)
            return DB_ERROR;
        const char *name = l->staff >= 0 ? people[l->staff].name : l->name;
        db_bind_text(s, 1, l->login);
        db_bind_text(s, 2, name);
        db_bind_text(s, 3, role_code(l->role));
        db_bind_int(s, 4, uids[l->unit]);
        if (l->staff >= 0)
            db_bind_int(s, 5, sids[l->staff]);
        else
            db_bind_null(s, 5);
        db_bind_text(s, 6, acc[i].hash);
        db_bind_text(s, 7, now);
        int rc = step_done(s);
        if (rc)
            return rc;
        int64_t id = db_last_id(d);
        json_t *after = json_pack("{s:s, s:s, s:s, s:I}", "login", l->login, "name", name, "role",
                                  role_code(l->role), "unit_id", (json_int_t)uids[l->unit]);
        if ((rc = audit_created(d, "user.create", "user", id, after)))
            return rc;
    }
    return 0;
}

/* Characters, not bytes: "mật khẩu" must line up with "login" in a terminal. */
static size_t display_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void cell(strbuf *sb, const char *text, size_t width)
{
    sb_adds(sb, text);
    for (size_t w = display_width(text); w < width + 2; w++)
        sb_addc(sb, ' ');
}

/* The table printed once and kept in <data_dir>/demo-logins.txt (0600) for `make run`. */
static void logins_table(strbuf *sb, const struct demo_account *acc)
{
    size_t w_login = display_width("login"), w_pw = display_width("mật khẩu"),
           w_role = display_width("vai trò");
    for (size_t i = 0; i < N_LOGINS; i++) {
        size_t a = display_width(logins[i].login), b = display_width(acc[i].password),
               r = display_width(role_code(logins[i].role));
        w_login = a > w_login ? a : w_login;
        w_pw = b > w_pw ? b : w_pw;
        w_role = r > w_role ? r : w_role;
    }
    sb_adds(sb, "DỮ LIỆU MẪU — tài khoản thử của văn phòng mẫu (demo)\n");
    cell(sb, "login", w_login);
    cell(sb, "mật khẩu", w_pw);
    cell(sb, "vai trò", w_role);
    sb_adds(sb, "đơn vị\n");
    for (size_t i = 0; i < N_LOGINS; i++) {
        cell(sb, logins[i].login, w_login);
        cell(sb, acc[i].password, w_pw);
        cell(sb, role_code(logins[i].role), w_role);
        sb_adds(sb, units[logins[i].unit].name);
        sb_addc(sb, '\n');
    }
}

static void write_logins_file(const char *text)
{
    if (!config.data_dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/demo-logins.txt", config.data_dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "vanphong: cannot write %s: %s\n", path, strerror(errno));
        return;
    }
    size_t n = strlen(text), off = 0;
    while (off < n) {
        ssize_t w = write(fd, text + off, n - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    if (fchmod(fd, 0600) != 0 || fsync(fd) != 0 || off < n)
        fprintf(stderr, "vanphong: cannot write %s fully\n", path);
    close(fd);
}

int org_demo_seed(db *d, char **err_r)
{
    *err_r = NULL;
    db_stmt *s = db_stmt_get(d, &q_any_unit);
    if (!s) {
        *err_r = strdup(db_errmsg(d));
        return -1;
    }
    bool has_units = db_step(s) == DB_ROW;
    db_reset(s);
    if (has_units) {
        *err_r = strdup("org_demo_seed: the database already has units; the demo office is "
                        "only written into an empty one");
        return -1;
    }

    /* Hash before the write transaction: Argon2id takes a while and the write lock should
     * not wait for it. */
    struct demo_account *acc = calloc(N_LOGINS, sizeof *acc);
    if (!acc)
        abort();
    const char *fixed = getenv("VANPHONG_DEMO_PASSWORD");
    for (size_t i = 0; i < N_LOGINS; i++) {
        if (fixed && *fixed)
            snprintf(acc[i].password, sizeof acc[i].password, "%s", fixed);
        else
            random_password(acc[i].password);
        const char *weak = password_weak(logins[i].login, acc[i].password);
        if (weak) {
            *err_r = strdup(weak);
            free(acc);
            return -1;
        }
        if (password_hash(acc[i].password, acc[i].hash) != 0) {
            *err_r = strdup("org_demo_seed: password hashing failed");
            free(acc);
            return -1;
        }
    }

    char now[32];
    clock_iso(clock_now(), now, sizeof now);
    int64_t uids[U_COUNT] = {0};
    int64_t sids[N_PEOPLE];
    int rc = db_begin_write(d);
    if (rc == 0)
        rc = seed_units(d, now, uids);
    if (rc == 0)
        rc = seed_staff(d, now, uids, sids);
    if (rc == 0)
        rc = seed_logins(d, now, uids, sids, acc);
    if (rc == 0)
        rc = db_commit(d);
    if (rc != 0) {
        *err_r = strdup(db_errmsg(d) ? db_errmsg(d) : "org_demo_seed: write failed");
        db_rollback(d);
        sodium_memzero(acc, N_LOGINS * sizeof *acc);
        free(acc);
        return -1;
    }

    strbuf table = STRBUF_INIT;
    logins_table(&table, acc);
    fputs(sb_str(&table), stdout);
    fflush(stdout);
    write_logins_file(sb_str(&table));
    sodium_memzero(table.buf, table.len);
    sb_free(&table);
    sodium_memzero(acc, N_LOGINS * sizeof *acc);
    free(acc);
    return 0;
}
