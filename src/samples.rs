//! The bundled sample reports (five real scraped reports, see `data/README.md`),
//! compiled in so that the demo and the tests never need outside files.

/// File names and texts of the bundled sample reports, in order.
pub const SAMPLE_REPORTS: [(&str, &str); 5] = [
    ("000_67954e8f03f8fee3.txt", include_str!("../python/zhreport/samples/000_67954e8f03f8fee3.txt")),
    ("001_e330862e08e67b7b.txt", include_str!("../python/zhreport/samples/001_e330862e08e67b7b.txt")),
    ("002_a4966399441476dc.txt", include_str!("../python/zhreport/samples/002_a4966399441476dc.txt")),
    ("003_cf9c1c919220be17.txt", include_str!("../python/zhreport/samples/003_cf9c1c919220be17.txt")),
    ("004_64e0e092c0731931.txt", include_str!("../python/zhreport/samples/004_64e0e092c0731931.txt")),
];
