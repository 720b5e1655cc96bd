import Foundation
import ZIPFoundation

/// What the Office Open XML writers share: the XML declaration and writing a package's parts into its zip archive.
enum OfficePackage {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// Adds each (path, XML) part, compressed.
    static func add(_ parts: [(String, String)], to archive: Archive) throws {
        for (path, xml) in parts {
            let data = Data(xml.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}
