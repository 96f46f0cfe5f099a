-- Auto-routing for the ThinSlice demo: every stable CT series goes to the DICOM modality "thinslice"
-- (declared in orthanc.json under DicomModalities).
--
-- The node itself ignores series it derived (job state "ignored"), so routing everything would be safe;
-- skipping ThinSlice's own output here only saves a round trip. ThinSlice recognises its output by
-- Image Type value 1 = DERIVED together with Manufacturer = "ThinSlice" (or a Contributing Equipment
-- item with that manufacturer); the same test is made here.
--
-- Orthanc calls OnStableSeries once a series has received nothing for "StableAge" seconds.

local TARGET = 'thinslice'
local OUR_MANUFACTURER = 'ThinSlice'

local function trim(s)
  return (string.gsub(s or '', '^%s*(.-)%s*$', '%1'))
end

-- Image Type value 1 of one instance of the series (Image Type is not a series-level main tag).
local function firstImageType(seriesId)
  local series = ParseJson(RestApiGet('/series/' .. seriesId))
  local instances = series['Instances']
  if instances == nil or #instances == 0 then
    return ''
  end
  local ok, value = pcall(RestApiGet, '/instances/' .. instances[1] .. '/content/0008-0008')
  if not ok or value == nil then
    return ''
  end
  return trim(string.match(value, '^[^\\]*'))
end

function OnStableSeries(seriesId, tags, metadata)
  local modality = trim(tags['Modality'])
  local description = trim(tags['SeriesDescription'])
  if modality ~= 'CT' then
    print('thinslice-autoroute: series ' .. seriesId .. ' is ' .. modality .. ', not CT; not routed')
    return
  end
  if trim(tags['Manufacturer']) == OUR_MANUFACTURER and firstImageType(seriesId) == 'DERIVED' then
    print('thinslice-autoroute: series ' .. seriesId .. ' (' .. description .. ') was derived by ThinSlice; not routed')
    return
  end
  print('thinslice-autoroute: routing CT series ' .. seriesId .. ' (' .. description .. ') to ' .. TARGET)
  -- Asynchronous: Orthanc runs the C-STORE as a job (retried/inspected under /jobs); the Lua thread is not blocked.
  local request = {}
  request['Resources'] = { seriesId }
  request['Asynchronous'] = true
  RestApiPost('/modalities/' .. TARGET .. '/store', DumpJson(request, true))
end
