"""Writes Tests/HDNDTests/Fixtures/openpyxl-petitions.xlsx: a workbook as a real spreadsheet program saves it
(shared strings, date-formatted cells, numbers, an empty row, a second sheet), for XLSXReader's tests.
Run once with openpyxl; the file is committed so `swift test` needs no Python."""
import datetime, sys
from openpyxl import Workbook

wb = Workbook()
ws = wb.active
ws.title = "Kiến nghị"
ws.append(["Ngày tiếp nhận", "Nội dung", "Lĩnh vực", "Số cử tri", "Nguồn"])
ws.append([datetime.date(2019, 6, 5), "Đề nghị nạo vét cống thoát nước ngõ 12", "Giao thông", 3, "Tiếp xúc cử tri"])
ws.append([datetime.date(2019, 6, 6), "Đề nghị lắp đèn chiếu sáng ngõ 8 & 10 <Lò Đúc>", "trat tu do thi", 12, None])
ws.append([])
ws.append(["07/06/2019", "  Đường Đê La Thành ngập úng  ", "Môi trường", None, "Tiếp công dân"])
ws["B6"] = "Giá trị rời ở cột B, dòng 6"
other = wb.create_sheet("Khác")
other.append(["không đọc trang này"])
wb.save(sys.argv[1] if len(sys.argv) > 1 else "Tests/HDNDTests/Fixtures/openpyxl-petitions.xlsx")
