-- Document layout (src/docgen/docgen.h): the sizes and styles of each element of a Party
-- document (36-HD/VPTW, DOMAIN.md §1.3) and the page margins, as data with effective dates:
-- a document is laid out with the rows in force on its date (issued_date, or today for a
-- draft). Written only by docgen (admin page /admin/layout), every change audited.

CREATE TABLE docgen_layout (
    id INTEGER PRIMARY KEY,
    element TEXT NOT NULL CHECK (length(element) BETWEEN 1 AND 40),
    effective_from TEXT NOT NULL,      -- "YYYY-MM-DD"
    font_pt REAL NOT NULL CHECK (font_pt BETWEEN 6 AND 32),
    bold INTEGER NOT NULL DEFAULT 0 CHECK (bold IN (0, 1)),
    italic INTEGER NOT NULL DEFAULT 0 CHECK (italic IN (0, 1)),
    upper INTEGER NOT NULL DEFAULT 0 CHECK (upper IN (0, 1)),
    underline INTEGER NOT NULL DEFAULT 0 CHECK (underline IN (0, 1)),
    align TEXT NOT NULL DEFAULT 'left' CHECK (align IN ('left', 'center', 'right', 'justify')),
    space_before REAL NOT NULL DEFAULT 0 CHECK (space_before BETWEEN 0 AND 72), -- pt
    space_after REAL NOT NULL DEFAULT 0 CHECK (space_after BETWEEN 0 AND 72),   -- pt
    indent_mm REAL NOT NULL DEFAULT 0 CHECK (indent_mm BETWEEN 0 AND 50), -- first line
    text TEXT,                         -- the element's fixed words, where it has some
    verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    source TEXT,
    updated_by INTEGER,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (element, effective_from)
) STRICT;

-- Page margins in millimetres (A4), with effective dates like the elements.
CREATE TABLE docgen_page (
    id INTEGER PRIMARY KEY,
    effective_from TEXT NOT NULL UNIQUE,
    margin_top REAL NOT NULL CHECK (margin_top BETWEEN 5 AND 60),
    margin_bottom REAL NOT NULL CHECK (margin_bottom BETWEEN 5 AND 60),
    margin_left REAL NOT NULL CHECK (margin_left BETWEEN 5 AND 60),
    margin_right REAL NOT NULL CHECK (margin_right BETWEEN 5 AND 60),
    verified INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    source TEXT,
    updated_by INTEGER,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- The defaults of DOMAIN.md §1.3 (36-HD/VPTW as quoted by vpdangdoan.vinhuni.edu.vn and the
-- biquyetxaynha table); what the sources do not give is marked "chưa xác minh".
INSERT INTO docgen_layout (element, effective_from, font_pt, bold, italic, upper, underline,
                           align, space_before, space_after, indent_mm, text, verified, source)
VALUES
 ('header', '2018-04-03', 15, 1, 0, 1, 1, 'center', 0, 0, 0, 'ĐẢNG CỘNG SẢN VIỆT NAM', 1,
  '36-HD/VPTW: chữ in hoa, cỡ 15, đứng, đậm; gạch chân dài bằng dòng chữ'),
 ('superior', '2018-04-03', 14, 0, 0, 1, 0, 'center', 0, 0, 0, NULL, 1,
  '36-HD/VPTW: cấp trên trực tiếp, chữ in hoa, cỡ 14, đứng'),
 ('issuer', '2018-04-03', 14, 1, 0, 1, 0, 'center', 0, 0, 0, NULL, 1,
  '36-HD/VPTW: cơ quan ban hành, chữ in hoa, cỡ 14, đứng, đậm; dấu * dưới tên'),
 ('number', '2018-04-03', 14, 0, 0, 0, 0, 'center', 0, 0, 0, 'Số', 1,
  '36-HD/VPTW: số và ký hiệu, cỡ 14, đứng'),
 ('place_date', '2018-04-03', 14, 0, 1, 0, 0, 'right', 0, 0, 0, NULL, 1,
  '36-HD/VPTW: địa danh, ngày tháng năm, cỡ 14, nghiêng'),
 ('place', '2018-04-03', 14, 0, 1, 0, 0, 'right', 0, 0, 0, 'Cần Thơ', 0,
  'Địa danh nơi ban hành (chưa xác minh theo từng đơn vị)'),
 ('type_name', '2018-04-03', 16, 1, 0, 1, 0, 'center', 18, 0, 0, NULL, 1,
  '36-HD/VPTW: tên loại, chữ in hoa, cỡ 15–16, đứng, đậm'),
 ('summary', '2018-04-03', 14, 1, 0, 0, 0, 'center', 0, 6, 0, NULL, 1,
  '36-HD/VPTW: trích yếu, cỡ 14–15, đứng, đậm'),
 ('cv_summary', '2018-04-03', 12, 0, 1, 0, 0, 'center', 0, 0, 0, 'V/v', 1,
  '36-HD/VPTW: trích yếu công văn, cỡ 12, nghiêng'),
 ('body', '2018-04-03', 14, 0, 0, 0, 0, 'justify', 0, 6, 10, NULL, 0,
  '36-HD/VPTW: nội dung cỡ 14–15; thụt đầu dòng và giãn đoạn chưa xác minh'),
 ('authority', '2018-04-03', 14, 1, 0, 1, 0, 'center', 12, 0, 0, NULL, 0,
  'Thẩm quyền ký (T/M, K/T, T/L, TUQ.) — chưa xác minh'),
 ('position', '2018-04-03', 14, 1, 0, 1, 0, 'center', 0, 0, 0, NULL, 0,
  'Chức vụ người ký — chưa xác minh'),
 ('signer_name', '2018-04-03', 14, 1, 0, 0, 0, 'center', 54, 0, 0, NULL, 0,
  'Họ tên người ký (chừa chỗ ký, đóng dấu) — chưa xác minh'),
 ('recipients_title', '2018-04-03', 14, 0, 0, 0, 1, 'left', 12, 0, 0, 'Nơi nhận:', 0,
  '"Nơi nhận:" — chưa xác minh'),
 ('recipients', '2018-04-03', 12, 0, 0, 0, 0, 'left', 0, 0, 0, 'Lưu Văn phòng', 0,
  'Danh sách nơi nhận, dòng lưu — chưa xác minh'),
 ('secrecy', '2018-04-03', 14, 1, 0, 1, 0, 'center', 6, 0, 0, NULL, 0,
  'Dấu độ mật — chưa xác minh'),
 ('urgency', '2018-04-03', 14, 1, 0, 1, 0, 'center', 0, 0, 0, NULL, 0,
  'Dấu độ khẩn — chưa xác minh'),
 ('draft_mark', '2018-04-03', 14, 1, 0, 1, 0, 'right', 0, 6, 0, 'Dự thảo', 0,
  'Dấu "dự thảo" (ô 11b) — chưa xác minh'),
 ('typist', '2018-04-03', 10, 0, 0, 0, 0, 'left', 12, 0, 0, NULL, 0,
  'Ký hiệu người đánh máy và số lượng bản (ô 12) — chưa xác minh');

INSERT INTO docgen_page (effective_from, margin_top, margin_bottom, margin_left, margin_right,
                         verified, source)
VALUES ('2018-04-03', 20, 20, 30, 15, 0,
        'Lề trang A4 theo thông lệ (trên 20, dưới 20, trái 30, phải 15 mm) — chưa xác minh');

-- The signing authority a document's drafter chose (T/M, K/T, T/L, TUQ.) when the automatic
-- one (from the register's unit and the signer) does not fit: 'auto' when absent.
CREATE TABLE docgen_options (
    outgoing_id INTEGER PRIMARY KEY REFERENCES outgoing (id),
    authority TEXT NOT NULL DEFAULT 'auto'
        CHECK (authority IN ('auto', 'none', 'tm', 'kt', 'tl', 'tuq')),
    updated_by INTEGER,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;
