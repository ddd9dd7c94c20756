-- Demo: 안전총괄과 (safety). CCTV inventory with a maintenance log that references it,
-- install months as YYYYMM text, swapped coordinates and duplicate management numbers.
SELECT setseed(0.73);

CREATE TABLE public.cctv (
    cctv_id         integer PRIMARY KEY,
    mng_no          varchar(20),
    instl_purps     varchar(40),
    rdnmadr         varchar(200),
    lat             double precision,
    lot             double precision,
    cmra_co         smallint,
    instl_ym        char(6),
    mng_instt_telno varchar(20)
);
COMMENT ON TABLE public.cctv IS 'CCTV 설치 현황';
COMMENT ON COLUMN public.cctv.instl_purps IS '설치목적구분';
COMMENT ON COLUMN public.cctv.cmra_co IS '카메라대수';
COMMENT ON COLUMN public.cctv.instl_ym IS '설치연월';

INSERT INTO public.cctv
SELECT g,
       'C-' || lpad(((g * 17) % 3300)::text, 5, '0'),
       (ARRAY['생활방범','어린이보호','교통단속','재난재해','쓰레기단속'])[1 + (g % 5)],
       '서울특별시 ' || (ARRAY['관악구','동작구','영등포구','구로구'])[1 + (g % 4)] || ' 시흥대로 ' || (g % 400 + 1),
       CASE WHEN g % 97 = 0 THEN 126.9 + random() * 0.1 ELSE 37.45 + random() * 0.1 END,
       CASE WHEN g % 97 = 0 THEN 37.45 + random() * 0.1 ELSE 126.9 + random() * 0.1 END,
       1 + (random() * 4)::int,
       to_char(date '2010-01-01' + (random() * 5000)::int, 'YYYYMM'),
       '02-' || (800 + g % 100) || '-' || lpad((g % 10000)::text, 4, '0')
FROM generate_series(1, 3500) AS g;

CREATE TABLE public.cctv_maintenance (
    mntnc_id        serial PRIMARY KEY,
    cctv_id         integer NOT NULL REFERENCES public.cctv (cctv_id),
    mntnc_de        date NOT NULL,
    mntnc_cn        text,
    cost_amount     numeric(12, 0)
);
COMMENT ON TABLE public.cctv_maintenance IS 'CCTV 유지보수 이력';

INSERT INTO public.cctv_maintenance (cctv_id, mntnc_de, mntnc_cn, cost_amount)
SELECT 1 + (random() * 3499)::int,
       date '2020-01-01' + (random() * 2000)::int,
       CASE WHEN random() < 0.2 THEN NULL ELSE (ARRAY['렌즈 청소','전원부 교체','카메라 교체','통신장애 조치'])[1 + (g % 4)] END,
       CASE WHEN random() < 0.05 THEN -50000 ELSE (10 + random() * 200)::int * 1000 END
FROM generate_series(1, 2000) AS g;
